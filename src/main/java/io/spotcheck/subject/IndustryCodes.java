package io.spotcheck.subject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape and hierarchy of GB/T 4754 industry codes: a section letter (H), a 2-digit division
 * (H62), a 3-digit group (H621) and a 4-digit class (H6210). A code's path lists its ancestors and
 * itself, which is what the directory stores so any level can be filtered and counted.
 */
public final class IndustryCodes {

    private static final Pattern SHAPE = Pattern.compile("[A-T](\\d{2}(\\d{1,2})?)?");

    private IndustryCodes() {}

    public static boolean isWellFormed(String code) {
        return code != null && SHAPE.matcher(code).matches();
    }

    /** 1 section, 2 division, 3 group, 4 class. */
    public static int level(String code) {
        requireWellFormed(code);
        return code.length() == 1 ? 1 : code.length() - 1;
    }

    public static String parent(String code) {
        requireWellFormed(code);
        return switch (code.length()) {
            case 1 -> null;
            case 3 -> code.substring(0, 1);
            default -> code.substring(0, code.length() - 1);
        };
    }

    /** [H, H62, H621, H6210] for H6210. */
    public static List<String> path(String code) {
        requireWellFormed(code);
        List<String> path = new ArrayList<>(4);
        path.add(code.substring(0, 1));
        for (int end = 3; end <= code.length(); end++) {
            path.add(code.substring(0, end));
        }
        return path;
    }

    /**
     * A Lucene regular expression matching exactly the direct children of {@code under} (the
     * sections when null), or null when {@code under} is a class and has none. Built only from a
     * validated code, never from free user text.
     */
    public static String childrenPattern(String under) {
        if (under == null) {
            return "[A-T]";
        }
        requireWellFormed(under);
        return switch (under.length()) {
            case 1 -> under + "[0-9]{2}";
            case 3, 4 -> under + "[0-9]";
            default -> null;
        };
    }

    private static void requireWellFormed(String code) {
        if (!isWellFormed(code)) {
            throw new IllegalArgumentException("not a GB/T 4754 code: " + code);
        }
    }
}
