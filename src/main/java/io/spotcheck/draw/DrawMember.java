package io.spotcheck.draw;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scope member as the frozen snapshot keeps it: one line
 * {@code code TAB stratum TAB region TAB status TAB kind}. Only these fields take part in a draw,
 * so a verifier needs nothing but the snapshot.
 */
public record DrawMember(String code, String stratum, String region, String status, String kind) {

    public static final String UNRATED = "UNRATED";

    public DrawMember {
        stratum = stratum == null || stratum.isBlank() ? UNRATED : stratum;
        region = region == null ? "" : region;
        status = status == null ? "" : status;
        kind = kind == null ? "" : kind;
    }

    public String toLine() {
        return code + '\t' + stratum + '\t' + region + '\t' + status + '\t' + kind;
    }

    /** Parses a snapshot line; a draw parses a million of them, so by index rather than a regex split. */
    public static DrawMember parse(String line) {
        int a = line.indexOf('\t');
        int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
        int c = b < 0 ? -1 : line.indexOf('\t', b + 1);
        int d = c < 0 ? -1 : line.indexOf('\t', c + 1);
        if (a <= 0 || d < 0 || line.indexOf('\t', d + 1) >= 0) {
            throw new IllegalArgumentException("malformed snapshot line: " + line);
        }
        return new DrawMember(line.substring(0, a), line.substring(a + 1, b), line.substring(b + 1, c), line.substring(c + 1, d),
                line.substring(d + 1));
    }

    /**
     * Every line of a snapshot chunk ({@code line LF line …}), in order. Reads by index with no
     * string per line, and shares one string per distinct class, region, status and kind within the
     * chunk: a draw parses a million lines, and their garbage used to cost more than their parsing.
     */
    public static List<DrawMember> parseAll(String text) {
        List<DrawMember> members = new ArrayList<>(text.length() / 48 + 1);
        Map<String, String> shared = new HashMap<>();
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = n;
            }
            if (end > pos) {
                members.add(parse(text, pos, end, shared));
            }
            pos = end + 1;
        }
        return members;
    }

    private static DrawMember parse(String text, int from, int to, Map<String, String> shared) {
        int a = text.indexOf('\t', from);
        int b = a < 0 || a >= to ? -1 : text.indexOf('\t', a + 1);
        int c = b < 0 || b >= to ? -1 : text.indexOf('\t', b + 1);
        int d = c < 0 || c >= to ? -1 : text.indexOf('\t', c + 1);
        if (a <= from || a >= to || d < 0 || d >= to) {
            throw new IllegalArgumentException("malformed snapshot line: " + text.substring(from, to));
        }
        int extra = text.indexOf('\t', d + 1);
        if (extra >= 0 && extra < to) {
            throw new IllegalArgumentException("malformed snapshot line: " + text.substring(from, to));
        }
        return new DrawMember(text.substring(from, a), share(text, a + 1, b, shared), share(text, b + 1, c, shared),
                share(text, c + 1, d, shared), share(text, d + 1, to, shared));
    }

    private static String share(String text, int from, int to, Map<String, String> shared) {
        String value = text.substring(from, to);
        String known = shared.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    @JsonIgnore
    public boolean isNaturalPerson() {
        return "NATURAL_PERSON".equals(kind);
    }
}
