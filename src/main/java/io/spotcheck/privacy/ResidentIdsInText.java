package io.spotcheck.privacy;

/**
 * Finds resident ID numbers in free text in the forms people write them, and masks their birth
 * dates (docs/SECURITY.md, "Natural persons", which lists the forms exactly):
 *
 * <ul>
 *   <li>18 characters (GB 11643): 17 digits and a check character, a digit or X;</li>
 *   <li>15 digits (the first generation, all digits): the first not 0, the 7th to 12th a date YYMMDD;</li>
 *   <li>either written in one piece or in groups: up to three spaces or dashes between groups,
 *   where an 18-character number may break after its 4th, 6th, 8th, 10th, 12th, 14th or 16th
 *   character (county, year, month, day, or in fours) and a 15-digit one after its 6th, 8th, 10th
 *   or 12th (county, year, month, day).</li>
 * </ul>
 *
 * A number stands alone: a group glued to a letter or to more digits is no part of one, so unified
 * social credit codes (letters among their 18 characters), longer digit runs and registration
 * numbers with a letter prefix are left as they are. Full-width digits count as digits. The
 * masked characters are the birth date's (7th to 14th of 18, 7th to 12th of 15); separators and
 * everything else stay where they stood.
 *
 * <p>A linear scan, not a regular expression: text quoted back to a caller may be as long as an
 * import line, and a pattern of repeated groups would backtrack over it.
 */
final class ResidentIdsInText {

    /** Which 18-character numbers count; a 15-digit number counts by its date under both. */
    enum Rule {
        /**
         * Error and UserError messages, verification details, lists of codes: the first digit not 0 and the
         * check character right, so an all-digit credit code reads masked only when GB 11643 happens to agree.
         */
        WELL_FORMED,
        /** Reports quoting what a caller sent line by line: any 17 digits and a digit or X, a mistyped check character does not make it publishable. */
        SHAPED
    }

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();
    private static final int MAX_SEPARATORS = 3;
    /** Where an 18-character number may break: after this many characters. */
    private static final boolean[] BREAKS_18 = breaks(18, 4, 6, 8, 10, 12, 14, 16);
    private static final boolean[] BREAKS_15 = breaks(15, 6, 8, 10, 12);

    private ResidentIdsInText() {}

    /** {@code text} with the birth date of every resident ID number in it starred; the same instance when it holds none. */
    static String mask(String text, Rule rule) {
        if (text == null || text.length() < 15) {
            return text;
        }
        char[] out = null;
        int n = text.length();
        // start, end (exclusive, the X included) and whether it ends in X, of each group of the current run
        int[] starts = new int[8];
        int[] ends = new int[8];
        boolean[] xs = new boolean[8];
        int i = 0;
        while (i < n) {
            if (digit(text.charAt(i)) < 0) {
                i++;
                continue;
            }
            boolean gluedStart = i > 0 && glue(text.charAt(i - 1));
            int groups = 0;
            int j = i;
            while (true) {
                int start = j;
                while (j < n && digit(text.charAt(j)) >= 0) {
                    j++;
                }
                boolean x = j < n && isX(text.charAt(j));
                if (x) {
                    j++;
                }
                if (groups == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, groups * 2);
                    ends = java.util.Arrays.copyOf(ends, groups * 2);
                    xs = java.util.Arrays.copyOf(xs, groups * 2);
                }
                starts[groups] = start;
                ends[groups] = j;
                xs[groups] = x;
                groups++;
                int k = j;
                while (k < n && k - j < MAX_SEPARATORS && separator(text.charAt(k))) {
                    k++;
                }
                if (k == j || k >= n || digit(text.charAt(k)) < 0) {
                    break;
                }
                j = k;
            }
            int end = ends[groups - 1];
            boolean gluedEnd = end < n && glue(text.charAt(end));
            int first = gluedStart ? 1 : 0;
            int last = gluedEnd ? groups - 2 : groups - 1;
            for (int g = first; g <= last; ) {
                int matched = match(text, rule, starts, ends, xs, g, last);
                if (matched < 0) {
                    g++;
                    continue;
                }
                if (out == null) {
                    out = text.toCharArray();
                }
                star(out, starts, ends, g, matched);
                g = matched + 1;
            }
            i = end;
        }
        return out == null ? text : new String(out);
    }

    /**
     * The last group of the number that starts with group {@code g} and ends at or before group
     * {@code last}, or -1: 15 or 18 characters, broken only where allowed, valid under {@code rule}.
     */
    private static int match(String text, Rule rule, int[] starts, int[] ends, boolean[] xs, int g, int last) {
        int length = 0;
        for (int h = g; h <= last; h++) {
            length += ends[h] - starts[h];
            if (length > 18) {
                return -1;
            }
            if ((length == 15 || length == 18) && breaksAllowed(starts, ends, g, h, length) && valid(text, rule, starts, ends, xs, g, h, length)) {
                return h;
            }
            if (xs[h]) {
                // an X ends a number: nothing after it belongs to this one
                return -1;
            }
        }
        return -1;
    }

    private static boolean breaksAllowed(int[] starts, int[] ends, int g, int h, int length) {
        boolean[] allowed = length == 18 ? BREAKS_18 : BREAKS_15;
        int before = 0;
        for (int k = g; k < h; k++) {
            before += ends[k] - starts[k];
            if (!allowed[before]) {
                return false;
            }
        }
        return true;
    }

    private static boolean valid(String text, Rule rule, int[] starts, int[] ends, boolean[] xs, int g, int h, int length) {
        int[] d = new int[length];
        int p = 0;
        for (int k = g; k <= h; k++) {
            for (int c = starts[k]; c < ends[k]; c++) {
                int v = digit(text.charAt(c));
                d[p++] = v < 0 ? 10 : v;
            }
        }
        for (int k = 0; k < length - 1; k++) {
            if (d[k] == 10) {
                return false;
            }
        }
        if (length == 15) {
            return d[14] != 10 && d[0] != 0 && isDate(d[6] * 10 + d[7], d[8] * 10 + d[9], d[10] * 10 + d[11]);
        }
        if (rule == Rule.SHAPED) {
            return true;
        }
        if (d[0] == 0) {
            return false;
        }
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += d[k] * WEIGHTS[k];
        }
        char check = CHECK[sum % 11];
        return check == 'X' ? d[17] == 10 : d[17] == check - '0';
    }

    /** YYMMDD of 19YY or 20YY: 29 February whenever YY is a multiple of 4. */
    private static boolean isDate(int yy, int mm, int dd) {
        if (mm < 1 || mm > 12 || dd < 1) {
            return false;
        }
        int days = switch (mm) {
            case 2 -> yy % 4 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return dd <= days;
    }

    private static void star(char[] out, int[] starts, int[] ends, int g, int h) {
        int length = 0;
        for (int k = g; k <= h; k++) {
            length += ends[k] - starts[k];
        }
        int to = length == 18 ? 14 : 12;
        int p = 0;
        for (int k = g; k <= h; k++) {
            for (int c = starts[k]; c < ends[k]; c++, p++) {
                if (p >= 6 && p < to) {
                    out[c] = '*';
                }
            }
        }
    }

    private static boolean[] breaks(int length, int... after) {
        boolean[] allowed = new boolean[length + 1];
        for (int a : after) {
            allowed[a] = true;
        }
        return allowed;
    }

    /** The value of an ASCII or full-width digit, or -1. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= '\uFF10' && c <= '\uFF19') {
            return c - '\uFF10';
        }
        return -1;
    }

    private static boolean isX(char c) {
        return c == 'X' || c == 'x' || c == '\uFF38' || c == '\uFF58';
    }

    /** A character that would make a digit group part of a longer code: a letter or digit, ASCII or full-width. */
    private static boolean glue(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                || c >= '\uFF10' && c <= '\uFF19' || c >= '\uFF21' && c <= '\uFF3A' || c >= '\uFF41' && c <= '\uFF5A';
    }

    /** A space or a dash between groups: ASCII, no-break, ideographic and typographic spaces; hyphens, dashes and minus signs. */
    private static boolean separator(char c) {
        return c == ' ' || c == '\t' || c == '\u00A0' || c == '\u3000' || c >= '\u2000' && c <= '\u200A' || c == '\u202F'
                || c == '-' || c >= '\u2010' && c <= '\u2015' || c == '\u2212' || c == '\uFE58' || c == '\uFE63' || c == '\uFF0D';
    }
}
