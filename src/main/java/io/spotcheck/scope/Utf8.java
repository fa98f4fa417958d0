package io.spotcheck.scope;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order version 2 of the draw defines every sort by: unsigned comparison of the UTF-8 bytes.
 * Keys, codes and plates are not all ASCII (浙A… plates), and Java's {@link String#compareTo}
 * (UTF-16 units) differs from byte order for characters beyond the Basic Multilingual Plane; the
 * byte order is what Elasticsearch sorts keywords by and what any language reproduces.
 */
public final class Utf8 {

    private Utf8() {}

    public static final Comparator<String> ORDER = Utf8::compare;

    public static int compare(String a, String b) {
        if (isAscii(a) && isAscii(b)) {
            return a.compareTo(b);
        }
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
