package io.spotcheck.subject;

import io.spotcheck.system.SpotcheckException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rejects filter values that cannot mean anything, naming the offending field, instead of letting
 * them silently match nothing. Enum-valued fields are already checked by the GraphQL schema.
 */
public final class SubjectFilterValidation {

    static final int MAX_VALUES = io.spotcheck.system.InputLimits.LIST_VALUES;
    static final int MAX_TEXT = io.spotcheck.system.InputLimits.NAME;
    private static final Pattern TAG_KEY = Pattern.compile("[A-Z][A-Z0-9_]{1,15}:[^\\s:\\p{Cntrl}](?:[^:\\p{Cntrl}]{0,38}[^\\s:\\p{Cntrl}])?");
    private static final Pattern FINDING = Pattern.compile("[A-Z][A-Z0-9_]{1,15}:(?:" + String.join("|",
            java.util.Arrays.stream(io.spotcheck.subject.ResultCode.values()).map(Enum::name).toList()) + ")");
    private static final Pattern DEPARTMENT_RISK = io.spotcheck.system.InputLimits.DEPARTMENT_RISK;
    private static final Pattern REGION = io.spotcheck.system.InputLimits.REGION_CODE;
    private static final Pattern TOKEN = io.spotcheck.system.InputLimits.TOKEN;
    private static final Pattern IDENTIFIER = Pattern.compile("[^\\s\\p{Cntrl}]{1,64}");
    private static final Pattern PLAIN = io.spotcheck.system.InputLimits.PLAIN;

    private SubjectFilterValidation() {}

    /** Throws BAD_USER_INPUT with {@code field} = "filter.<name>" on the first bad value. */
    public static void validate(SubjectFilter f) {
        if (f == null) {
            return;
        }
        text("text", f.text(), MAX_TEXT);
        text("namePrefix", f.namePrefix(), 50);
        // subject codes name natural persons too: a refused one is pointed at, not quoted (docs/SECURITY.md, "Natural persons")
        each("codes", f.codes(), IDENTIFIER, "an identifier without spaces, at most 64 characters", false);
        each("ownerCodes", f.ownerCodes(), IDENTIFIER, "an identifier without spaces, at most 64 characters", false);
        each("regionCodes", f.regionCodes(), REGION, "a region code of 6 to 12 digits, e.g. 330109001");
        each("supervisingUnits", f.supervisingUnits(), PLAIN, "a unit name of at most 100 characters");
        each("registrationAuthorities", f.registrationAuthorities(), PLAIN, "an authority name of at most 100 characters");
        each("departmentRisks", f.departmentRisks(), DEPARTMENT_RISK, "DEPT:CLASS with a class A–D, e.g. WSJK:C");
        each("licences", f.licences(), TOKEN, "a licence kind such as FOOD_BUSINESS");
        each("tagsAll", f.tagsAll(), TAG_KEY, "a tag key DEPT:name, e.g. SCJG:餐饮");
        each("tagsAny", f.tagsAny(), TAG_KEY, "a tag key DEPT:name, e.g. SCJG:餐饮");
        each("tagsNone", f.tagsNone(), TAG_KEY, "a tag key DEPT:name, e.g. SCJG:餐饮");
        each("findings", f.findings(), FINDING, "DEPT:RESULTCODE with a result code (检查结果), e.g. SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS");
        List<String> industries = f.industryCodes();
        if (industries != null) {
            size("industryCodes", industries);
            for (String code : industries) {
                if (!IndustryCodes.isWellFormed(code)) {
                    throw SpotcheckException.badInput("filter.industryCodes",
                            "'" + shorten(code) + "' is not a GB/T 4754 code (a section letter A–T, optionally followed by 2, 3 or 4 digits, e.g. H62)");
                }
            }
        }
        if (f.establishedFrom() != null && f.establishedTo() != null && f.establishedFrom().isAfter(f.establishedTo())) {
            throw SpotcheckException.badInput("filter.establishedFrom", "establishedFrom is after establishedTo");
        }
        number("capitalMin", f.capitalMin());
        number("capitalMax", f.capitalMax());
        if (f.capitalMin() != null && f.capitalMax() != null && f.capitalMin() > f.capitalMax()) {
            throw SpotcheckException.badInput("filter.capitalMin", "capitalMin is greater than capitalMax");
        }
    }

    /**
     * For a caller who sees natural persons masked, what would still let a guess about a person be
     * confirmed is refused with FORBIDDEN (docs/SECURITY.md, "Guessing"): sorting by name when the
     * filter may hold persons (their relative order tells about the hidden characters), and owner
     * codes shaped like a resident ID number (an attached object found by it confirms the owner).
     * Text, name prefix and codes are not refused: they just never match a person.
     */
    public static void refuseGuesses(SubjectFilter f, SubjectSort sort) {
        boolean mayHoldPersons = f == null || f.kinds() == null || f.kinds().isEmpty() || f.kinds().contains(SubjectQueries.NATURAL_PERSON);
        if (sort != null && "NAME".equals(sort.field()) && mayHoldPersons) {
            throw SpotcheckException.forbidden("sorting by name needs the right to see natural persons in clear;"
                    + " sort otherwise, or filter kinds to ORGANISATION or ATTACHED_OBJECT");
        }
        if (f != null && f.ownerCodes() != null && f.ownerCodes().stream().anyMatch(io.spotcheck.privacy.PersonMask::isResidentId)) {
            throw SpotcheckException.forbidden("filtering by a natural person's ID number needs the right to see natural persons in clear");
        }
    }

    private static void text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw SpotcheckException.badInput("filter." + field, field + " is longer than " + max + " characters");
        }
        if (value != null && value.codePoints().anyMatch(c -> Character.isISOControl(c) && !Character.isWhitespace(c))) {
            throw SpotcheckException.badInput("filter." + field, field + " contains control characters");
        }
    }

    private static void number(String field, Double value) {
        if (value != null && (value.isNaN() || value.isInfinite() || value < 0)) {
            throw SpotcheckException.badInput("filter." + field, field + " must be a non-negative amount in 10,000 CNY");
        }
    }

    private static void each(String field, List<String> values, Pattern shape, String expected) {
        each(field, values, shape, expected, true);
    }

    /** @param quote whether the message quotes a refused value, or names it by its place in the list (1 for the first) */
    private static void each(String field, List<String> values, Pattern shape, String expected, boolean quote) {
        if (values == null) {
            return;
        }
        size(field, values);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !shape.matcher(value).matches()) {
                String which = quote ? "'" + shorten(value) + "'" : "value " + (i + 1) + " of " + field;
                throw SpotcheckException.badInput("filter." + field, which + " is not valid here: expected " + expected);
            }
        }
    }

    private static void size(String field, List<String> values) {
        if (values.size() > MAX_VALUES) {
            throw SpotcheckException.badInput("filter." + field, field + " lists more than " + MAX_VALUES + " values");
        }
    }

    private static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
