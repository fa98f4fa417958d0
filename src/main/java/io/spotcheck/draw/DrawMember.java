package io.spotcheck.draw;

import com.fasterxml.jackson.annotation.JsonIgnore;

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

    @JsonIgnore
    public boolean isNaturalPerson() {
        return "NATURAL_PERSON".equals(kind);
    }
}
