package io.spotcheck.system;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Well-formed UTF-8 as the Unicode Standard defines it (chapter 3, table 3-7): no overlong forms
 * (such as {@code C0 AF} for "/"), no surrogates encoded in UTF-8 ({@code ED A0 80}), nothing above
 * U+10FFFF, no bytes that start no sequence, no sequence cut short. Jackson decodes some of these
 * leniently instead of refusing them, so input read from raw bytes is checked here first.
 */
public final class Utf8Validation {

    private Utf8Validation() {}

    /** Eight bytes at a time, in the array's byte order: a run of ASCII is passed over a word at a time. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Whether {@code bytes[from, to)} is well-formed UTF-8; allocates nothing. */
    public static boolean isWellFormed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            while (i <= to - 8 && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= to) {
                break;
            }
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xFF;
            int continuations;
            // The range the second byte must fall in: narrower after E0, ED, F0 and F4, which is what
            // rules out overlong forms, surrogates and code points above U+10FFFF.
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuations = 2;
                if (lead == 0xE0) {
                    low = 0xA0;
                } else if (lead == 0xED) {
                    high = 0x9F;
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuations = 3;
                if (lead == 0xF0) {
                    low = 0x90;
                } else if (lead == 0xF4) {
                    high = 0x8F;
                }
            } else {
                return false;
            }
            if (i + continuations >= to) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= continuations; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += continuations + 1;
        }
        return true;
    }
}
