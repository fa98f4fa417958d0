package io.spotcheck.privacy;

import java.util.Collection;

/**
 * The one masking rule for natural persons (docs/SECURITY.md, "Natural persons"). Every output path
 * that shows a person to a caller who may not see them in clear masks through here, so the same
 * person reads the same in draw records, inspector-draw records, substitutions, results, the export
 * and subject views.
 *
 * <ul>
 *   <li>ID number, 18 characters: the first 6 (the issuing county) and the last 4, the 8 birth-date
 *   digits starred: {@code 330109********742X}.</li>
 *   <li>ID number, 15 characters (first generation): the first 6 and the last 3: {@code 330109******123}.</li>
 *   <li>Any other identifier of 8 or more characters (passports, permits): the first 2 and the last 2.</li>
 *   <li>Shorter identifiers: all starred.</li>
 *   <li>Name: the first character and one star, whatever the length ({@code 王*}); a one-character
 *   name is {@code *}.</li>
 *   <li>Address: its leading administrative divisions and {@code ****} ({@link #address}).</li>
 * </ul>
 * Masking is a display rule, not a pseudonym: nothing derived from the hidden characters (a hash, a
 * rank, a digest) may be shown next to a masked value; public artefacts name persons by their
 * random public member key instead.
 */
public final class PersonMask {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    private PersonMask() {}

    /** A natural person's identifier as a caller without the right to see it reads it. */
    public static String id(String id) {
        if (id == null || id.isEmpty()) {
            return id;
        }
        int n = id.length();
        if (n == 18) {
            return id.substring(0, 6) + "*".repeat(8) + id.substring(14);
        }
        if (n == 15) {
            return id.substring(0, 6) + "*".repeat(6) + id.substring(12);
        }
        if (n >= 8) {
            return id.substring(0, 2) + "*".repeat(n - 4) + id.substring(n - 2);
        }
        return "*".repeat(n);
    }

    /** A natural person's name as a caller without the right to see it reads it. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        if (name.codePointCount(0, name.length()) == 1) {
            return "*";
        }
        return new StringBuilder().appendCodePoint(name.codePointAt(0)).append('*').toString();
    }

    /**
     * A natural person's address (free text that may name the person or their home) as a caller
     * without the right to see it reads it: the administrative divisions at its start — up to the
     * last 省, 市, 区, 县, 旗, 镇, 乡 or 街道 among its first 20 characters, before any digit — and
     * {@code ****}; {@code ****} when it starts with none.
     */
    public static String address(String address) {
        if (address == null || address.isEmpty()) {
            return address;
        }
        int keep = 0;
        int limit = Math.min(address.length(), 20);
        for (int i = 0; i < limit; i++) {
            char c = address.charAt(i);
            if (Character.isDigit(c)) {
                break;
            }
            if ("省市区县旗镇乡".indexOf(c) >= 0) {
                keep = i + 1;
            } else if (c == '道' && i > 0 && address.charAt(i - 1) == '街') {
                keep = i + 1;
            }
        }
        return address.substring(0, keep) + "****";
    }

    /** Whether {@code code} is a well-formed mainland resident ID number (GB 11643 check character). */
    public static boolean isResidentId(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return Character.toUpperCase(code.charAt(17)) == CHECK[sum % 11];
    }

    /**
     * Text shown to a caller who may not see persons (ids, notes, verification details, error
     * messages): every named person's identifier masked, and every resident ID number in it —
     * 18 characters with a right check character, or 15 digits holding a birth date, in one piece
     * or written in groups ({@link ResidentIdsInText}, rule {@code WELL_FORMED}) — its birth date starred.
     */
    public static String scrub(String text, Collection<String> persons) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (persons != null) {
            for (String p : persons) {
                if (p != null && !p.isEmpty() && out.contains(p)) {
                    out = out.replace(p, id(p));
                }
            }
        }
        return ResidentIdsInText.mask(out, ResidentIdsInText.Rule.WELL_FORMED);
    }
}
