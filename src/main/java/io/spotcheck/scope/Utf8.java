package io.spotcheck.scope;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The order version 2 of the draw defines every sort by: unsigned comparison of the UTF-8 bytes.
 * Keys, codes and plates are not all ASCII (浙A… plates), and Java's {@link String#compareTo}
 * (UTF-16 units) differs from byte order for characters beyond the Basic Multilingual Plane; the
 * byte order is what Elasticsearch sorts keywords by and what any language reproduces.
 */
public final class Utf8 {

    private Utf8() {}

    public static final Comparator<String> ORDER = Utf8::compare;

    /**
     * UTF-8 byte order without encoding: UTF-8 keeps the order of code points, and below U+D800 a
     * char is its code point, so where the first differing chars are both below U+D800 their
     * difference decides. Only a surrogate (or a char after one) at that place, or one string ending
     * on a high surrogate, is decided by the bytes themselves. Draws sort tens of thousands of keys
     * with this; scanning both strings for non-ASCII on every comparison cost more than the sort.
     */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x < Character.MIN_SURROGATE && y < Character.MIN_SURROGATE) {
                    return x - y;
                }
                return bytes(a, b);
            }
        }
        if (n > 0 && Character.isHighSurrogate(a.charAt(n - 1))) {
            return bytes(a, b);
        }
        return a.length() - b.length();
    }

    /**
     * Sorts {@code list} (stably) by {@code key} in this order; a list already in order is left as it is.
     * Otherwise sorted first by {@link String#compareTo},
     * whose comparison of two Latin-1 strings runs on whole words at a time, then checked pair by
     * pair in this order; the two orders agree unless a key holds a surrogate or a character from
     * U+E000 on, and where they do not the list is sorted again from its first order with {@link #ORDER}.
     */
    public static <T> void sort(List<T> list, Function<? super T, String> key) {
        if (list.size() < 2 || inOrder(list, key)) {
            return;
        }
        Object[] before = list.toArray();
        list.sort(Comparator.comparing(key));
        String previous = key.apply(list.get(0));
        for (int i = 1; i < list.size(); i++) {
            String next = key.apply(list.get(i));
            if (compare(previous, next) >= 0) {
                for (int j = 0; j < before.length; j++) {
                    @SuppressWarnings("unchecked")
                    T item = (T) before[j];
                    list.set(j, item);
                }
                list.sort(Comparator.comparing(key, ORDER));
                return;
            }
            previous = next;
        }
    }

    /** Whether {@code list} is already sorted by {@code key} in this order (lists often come so). */
    private static <T> boolean inOrder(List<T> list, Function<? super T, String> key) {
        String previous = key.apply(list.get(0));
        for (int i = 1; i < list.size(); i++) {
            String next = key.apply(list.get(i));
            if (compare(previous, next) > 0) {
                return false;
            }
            previous = next;
        }
        return true;
    }

    private static int bytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
