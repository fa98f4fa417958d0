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

    public static DrawMember parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5 || f[0].isEmpty()) {
            throw new IllegalArgumentException("malformed snapshot line: " + line);
        }
        return new DrawMember(f[0], f[1], f[2], f[3], f[4]);
    }

    @JsonIgnore
    public boolean isNaturalPerson() {
        return "NATURAL_PERSON".equals(kind);
    }
}
