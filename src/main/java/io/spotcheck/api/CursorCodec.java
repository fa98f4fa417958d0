package io.spotcheck.api;

import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one cursor codec of every connection. A cursor is a position in a sorted result: the sort
 * values of the last row ({@code search_after}), an optional point-in-time handle, and a short
 * fingerprint of the query and sort it belongs to, so it cannot be replayed against another filter.
 *
 * <p>Sort values often end with an identifier that for a natural person is an ID number the caller
 * may see only masked, so cursors are encrypted as well as authenticated ({@link Siv}), over a
 * compact binary form, in base64url without padding. A subject page sorted by code gives cursors of
 * about 55 characters. Anything not produced by this codec with this secret, or produced for another
 * query, is refused with {@code INVALID_CURSOR}.
 *
 * <p>Binary form: one header byte (version 1 in the high nibble; bit 0 set when a point-in-time
 * handle follows), three bytes of fingerprint, the 4-byte handle if any, then each sort value as a
 * tag byte and its data: null, true, false, a zig-zag varint long, an 8-byte double, a 4-byte float
 * (a double whose shortest decimal form is a float's, read back as that double), or a UTF-8 string (length in the tag when under 64, else a varint).
 */
@Component
public final class CursorCodec {

    private static final int VERSION = 0x10;
    private static final int HAS_PIT = 0x01;
    private static final int FINGERPRINT = 3;
    private static final int MAX_TOKEN = 2048;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static final int NULL = 0, TRUE = 1, FALSE = 2, LONG = 3, DOUBLE = 4, FLOAT = 5, STRING = 6, SHORT_STRING = 0x40;

    /**
     * A decoded position.
     *
     * @param pit point-in-time handle the walk reads, or null
     * @param after sort values of the last row returned: Long, Double, String, Boolean or null each
     */
    public record Position(Integer pit, List<Object> after) {}

    private final Siv siv;

    public CursorCodec(@Value("${spotcheck.security.cursor-secret}") String secret) {
        this.siv = new Siv(secret, "cursor");
    }

    public String encode(String fingerprint, Integer pit, List<?> after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        out.write(VERSION | (pit == null ? 0 : HAS_PIT));
        out.write(fingerprintBytes(fingerprint), 0, FINGERPRINT);
        if (pit != null) {
            out.write(ByteBuffer.allocate(4).putInt(pit).array(), 0, 4);
        }
        for (Object value : after) {
            writeValue(out, value);
        }
        return B64.encodeToString(siv.seal(out.toByteArray()));
    }

    /** The position {@code token} names; INVALID_CURSOR when it is not one of ours, or belongs to another query. */
    public Position decode(String token, String expectedFingerprint) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            throw invalid();
        }
        byte[] plain;
        try {
            plain = siv.open(B64D.decode(token));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (plain == null || plain.length < 1 + FINGERPRINT || (plain[0] & 0xF0) != VERSION) {
            throw invalid();
        }
        ByteBuffer in = ByteBuffer.wrap(plain);
        int header = in.get() & 0xFF;
        byte[] fingerprint = new byte[FINGERPRINT];
        in.get(fingerprint);
        if (!MessageDigest.isEqual(fingerprint, Arrays.copyOf(fingerprintBytes(expectedFingerprint), FINGERPRINT))) {
            throw new SpotcheckException(ErrorCode.INVALID_CURSOR, "this cursor belongs to another query; start again without 'after'");
        }
        try {
            Integer pit = (header & HAS_PIT) != 0 ? in.getInt() : null;
            List<Object> after = new ArrayList<>();
            while (in.hasRemaining()) {
                after.add(readValue(in));
            }
            return new Position(pit, after);
        } catch (RuntimeException e) {
            // Authenticated yet unreadable: a token of another format version under the same key.
            throw invalid();
        }
    }

    /** The point-in-time handle of an authentic cursor, whatever query it belongs to (for operations and tests); null when none. */
    public Integer pitHandle(String token) {
        byte[] plain;
        try {
            plain = token == null || token.length() > MAX_TOKEN ? null : siv.open(B64D.decode(token));
        } catch (IllegalArgumentException e) {
            plain = null;
        }
        if (plain == null || plain.length < 1 + FINGERPRINT || (plain[0] & 0xF0) != VERSION) {
            throw invalid();
        }
        return (plain[0] & HAS_PIT) != 0 && plain.length >= 1 + FINGERPRINT + 4 ? ByteBuffer.wrap(plain, 1 + FINGERPRINT, 4).getInt() : null;
    }

    /** A short, stable fingerprint of whatever defines a result order (filter, sort, index, visibility). */
    public static String fingerprint(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return B64.encodeToString(Arrays.copyOf(sha.digest(), 12));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SpotcheckException invalid() {
        return new SpotcheckException(ErrorCode.INVALID_CURSOR, "the cursor is not valid; start again without 'after'");
    }

    private static byte[] fingerprintBytes(String fingerprint) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(String.valueOf(fingerprint).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeValue(ByteArrayOutputStream out, Object value) {
        if (value == null) {
            out.write(NULL);
        } else if (value instanceof Boolean b) {
            out.write(b ? TRUE : FALSE);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger big && big.bitLength() < 64) {
            out.write(LONG);
            long v = ((Number) value).longValue();
            writeVarint(out, (v << 1) ^ (v >> 63));
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            // Scores are floats that reach us as the double of their shortest decimal form.
            if (Double.parseDouble(Float.toString((float) d)) == d) {
                out.write(FLOAT);
                out.write(ByteBuffer.allocate(4).putFloat((float) d).array(), 0, 4);
            } else {
                out.write(DOUBLE);
                out.write(ByteBuffer.allocate(8).putDouble(d).array(), 0, 8);
            }
        } else {
            byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
            if (text.length < 64) {
                out.write(SHORT_STRING | text.length);
            } else {
                out.write(STRING);
                writeVarint(out, text.length);
            }
            out.write(text, 0, text.length);
        }
    }

    private static Object readValue(ByteBuffer in) {
        int tag = in.get() & 0xFF;
        if ((tag & 0xC0) == SHORT_STRING) {
            return readString(in, tag & 0x3F);
        }
        return switch (tag) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case LONG -> {
                long v = readVarint(in);
                yield (v >>> 1) ^ -(v & 1);
            }
            case DOUBLE -> in.getDouble();
            case FLOAT -> Double.parseDouble(Float.toString(in.getFloat()));
            case STRING -> readString(in, (int) readVarint(in));
            default -> throw new IllegalArgumentException("tag");
        };
    }

    private static String readString(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("length");
        }
        byte[] text = new byte[length];
        in.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.get() & 0xFF;
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint");
    }
}
