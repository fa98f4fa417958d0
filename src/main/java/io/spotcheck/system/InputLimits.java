package io.spotcheck.system;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Length and format limits of every kind of text input, declared here once and used by every
 * feature that takes that kind of input (docs/SECURITY.md lists them). Lengths count Unicode code
 * points after trimming and NFC normalisation. A value outside its limit is refused as input
 * (BAD_USER_INPUT or a {@code UserError}), never stored and never passed to Elasticsearch.
 */
public final class InputLimits {

    /** Names of subjects, plans, tasks, scopes, tag rules, API keys, inspectors. */
    public static final int NAME = 200;
    /** Addresses. */
    public static final int ADDRESS = 300;
    /** Short labels: supervising units, registration authorities, list names, search text. */
    public static final int SHORT_TEXT = 100;
    /** Free-text notes: review notes, result remarks, follow-ups. */
    public static final int NOTE = 2000;
    /** A tag's name (the part after "DEPT:"). */
    public static final int TAG_NAME = 32;
    /** Values in any one list argument (codes, region codes, tag keys…). */
    public static final int LIST_VALUES = 1000;

    /** A department code such as SCJG. */
    public static final String DEPARTMENT_SHAPE = "[A-Z][A-Z0-9_]{1,15}";
    public static final Pattern DEPARTMENT = Pattern.compile(DEPARTMENT_SHAPE);
    /** An agency of a department (its bureau or a station): the department's code, '-', a suffix, e.g. SCJG-S01, SCJG-BUREAU. */
    public static final Pattern AGENCY = Pattern.compile(DEPARTMENT_SHAPE + "-[A-Z0-9_]{1,16}");
    /** A department's risk class of a subject: DEPT:CLASS with a class A–D, e.g. WSJK:C. */
    public static final Pattern DEPARTMENT_RISK = Pattern.compile(DEPARTMENT_SHAPE + ":[A-D]");
    /** A region code (GB/T 2260 and the town/street levels below it): 6 to 12 digits. */
    public static final Pattern REGION_CODE = Pattern.compile("\\d{6,12}");
    /** A caller-chosen id of a scope or similar: letters, digits, '-', '_', '.'. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,80}");
    /** A plain label without control characters, e.g. a supervising unit. */
    public static final Pattern PLAIN = Pattern.compile("[^\\p{Cntrl}]{1," + SHORT_TEXT + "}");
    /** An enum-like token such as FOOD_BUSINESS. */
    public static final Pattern TOKEN = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");

    private InputLimits() {}

    /** Trimmed and NFC-normalised, or null for null. */
    public static String clean(String raw) {
        return raw == null ? null : Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    }

    /**
     * Why {@code value} (already {@link #clean cleaned}) is no acceptable text of at most {@code max}
     * code points, or null when it is: required, no control characters or lone surrogates, not too long.
     */
    public static String textProblem(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            return "may not contain control characters";
        }
        if (!wellFormedSurrogates(value)) {
            return "is not well-formed Unicode";
        }
        if (value.codePointCount(0, value.length()) > max) {
            return "is longer than " + max + " characters";
        }
        return null;
    }

    /** A name (plan, task, scope…): cleaned, or BAD_USER_INPUT naming {@code field}. */
    public static String name(String raw, String field) {
        String value = clean(raw);
        String problem = textProblem(value, NAME);
        if (problem != null) {
            throw SpotcheckException.badInput(field, field + " " + problem);
        }
        return value;
    }

    /**
     * Why {@code name} (cleaned) is no tag name, or null. Tag names end up in filters ("DEPT:name"),
     * published pages and exports, so besides the length they may not hold ':' (the key separator),
     * markup characters, or start like a spreadsheet formula.
     */
    public static String tagNameProblem(String name) {
        String problem = textProblem(name, TAG_NAME);
        if (problem != null) {
            return problem;
        }
        if (name.contains(":")) {
            return "may not contain ':', which separates department and name in tag keys";
        }
        if (name.chars().anyMatch(c -> c == '<' || c == '>' || c == '"' || c == '\'' || c == '&' || c == '\\' || c == '`')) {
            return "may not contain < > \" ' & \\ or `";
        }
        if ("=+-@".indexOf(name.charAt(0)) >= 0) {
            return "may not start with = + - or @ (a spreadsheet would read it as a formula)";
        }
        return null;
    }

    private static boolean wellFormedSurrogates(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
