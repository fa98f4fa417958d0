package io.spotcheck.subject.write;

import io.spotcheck.subject.CreditCode;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link SubjectInput} field by field and answers every problem at once, each with the
 * path of its field, plus the input normalised (trimmed, Unicode NFC) for storing. Plain Java: the
 * GraphQL mutation and the bulk import share it.
 */
public final class SubjectValidator {

    public static final Map<String, Set<String>> TYPES_BY_KIND = Map.of(
            "ORGANISATION", Set.of("ENTERPRISE", "INDIVIDUAL_BUSINESS", "COOPERATIVE", "OTHER_ORGANISATION"),
            "NATURAL_PERSON", Set.of("PERSON"),
            "ATTACHED_OBJECT", Set.of("EQUIPMENT", "VEHICLE", "PREMISES"));
    public static final Set<String> STATUSES = Set.of("ACTIVE", "REVOKED", "DEREGISTERED", "MOVED_OUT");
    public static final Set<String> RISK_CLASSES = Set.of("A", "B", "C", "D");
    public static final Set<String> LISTS = Set.of("ANOMALY", "SERIOUS_VIOLATION");

    static final int NAME_MAX = io.spotcheck.system.InputLimits.NAME;
    static final int ADDRESS_MAX = io.spotcheck.system.InputLimits.ADDRESS;
    static final int SHORT_MAX = io.spotcheck.system.InputLimits.SHORT_TEXT;
    static final int LIST_MAX = 50;

    /** GB/T 4754: a section letter, optionally followed by a 2-, 3- or 4-digit division, group or class. */
    private static final Pattern INDUSTRY = Pattern.compile("[A-T](\\d{2}(\\d{1,2})?)?");
    private static final Pattern ENUM_LIKE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    private static final Pattern DEPARTMENT_RISK = io.spotcheck.system.InputLimits.DEPARTMENT_RISK;
    /** Registration numbers of equipment, vehicles and premises vary by registry; letters, digits and dashes. */
    private static final Pattern OBJECT_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,63}");
    /**
     * Motor-vehicle plates (GA 36): the province's one-character abbreviation, the issuing city's
     * letter, then five characters (six for new-energy vehicles), or four and a 挂/学/警/港/澳 suffix.
     */
    private static final Pattern VEHICLE_PLATE = Pattern.compile(
            "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z]([A-Z0-9]{5,6}|[A-Z0-9]{4}[挂学警港澳])");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    private final Set<String> regionCodes;
    private final Clock clock;

    /**
     * @param regionCodes the jurisdictions subjects may belong to (from {@code seeds/departments.json})
     * @param clock "today" for the no-future-dates rule
     */
    public SubjectValidator(Set<String> regionCodes, Clock clock) {
        this.regionCodes = Set.copyOf(regionCodes);
        this.clock = clock;
    }

    /** The outcome: {@code input} normalised, valid when {@code errors} is empty. */
    public record Validation(SubjectInput input, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Validation validate(SubjectInput raw) {
        List<FieldError> errors = new ArrayList<>();
        if (raw == null) {
            errors.add(FieldError.of("REQUIRED", "the subject is missing"));
            return new Validation(null, errors);
        }
        Texts t = new Texts(errors);
        String code = t.clean(raw.code(), SHORT_MAX, "code");
        String kind = t.clean(raw.kind(), SHORT_MAX, "kind");
        String type = t.clean(raw.type(), SHORT_MAX, "type");
        String name = t.clean(raw.name(), NAME_MAX, "name");
        List<String> formerNames = t.cleanList(raw.formerNames(), NAME_MAX, "formerNames");
        String legalRepresentative = t.clean(raw.legalRepresentative(), SHORT_MAX, "legalRepresentative");
        String address = t.clean(raw.address(), ADDRESS_MAX, "address");
        String ownerCode = t.clean(raw.ownerCode(), SHORT_MAX, "ownerCode");
        String registrationAuthority = t.clean(raw.registrationAuthority(), SHORT_MAX, "registrationAuthority");
        String regionCode = t.clean(raw.regionCode(), SHORT_MAX, "regionCode");
        String supervisingUnit = t.clean(raw.supervisingUnit(), SHORT_MAX, "supervisingUnit");
        String industryCode = t.clean(raw.industryCode(), SHORT_MAX, "industryCode");
        String status = t.clean(raw.status(), SHORT_MAX, "status");
        List<String> lists = t.cleanList(raw.lists(), SHORT_MAX, "lists");
        List<String> licences = t.cleanList(raw.licences(), SHORT_MAX, "licences");
        SubjectInput.RiskInput risk = null;
        if (raw.risk() != null) {
            SubjectInput.RiskInput r = raw.risk();
            risk = new SubjectInput.RiskInput(t.clean(r.comprehensive(), SHORT_MAX, "risk", "comprehensive"),
                    t.clean(r.publicCredit(), SHORT_MAX, "risk", "publicCredit"),
                    t.cleanList(r.departments(), SHORT_MAX, "risk", "departments"), r.asOf());
        }

        if (name == null && !t.failed("name")) {
            errors.add(FieldError.of("REQUIRED", "name is required", "name"));
        }
        boolean kindKnown = false;
        if (kind == null && !t.failed("kind")) {
            errors.add(FieldError.of("REQUIRED", "kind is required: one of " + sorted(TYPES_BY_KIND.keySet()), "kind"));
        } else if (kind != null && !TYPES_BY_KIND.containsKey(kind)) {
            errors.add(FieldError.quoting("INVALID_VALUE", "unknown kind " + kind + "; one of " + sorted(TYPES_BY_KIND.keySet()),
                    "unknown kind; one of " + sorted(TYPES_BY_KIND.keySet()), "kind"));
        } else if (kind != null) {
            kindKnown = true;
        }
        if (type == null && !t.failed("type")) {
            errors.add(FieldError.of("REQUIRED", "type is required", "type"));
        } else if (type != null && kindKnown && !TYPES_BY_KIND.get(kind).contains(type)) {
            errors.add(FieldError.quoting("TYPE_KIND_MISMATCH", "type " + type + " does not fit kind " + kind + "; one of "
                    + sorted(TYPES_BY_KIND.get(kind)), "the type does not fit kind " + kind + "; one of " + sorted(TYPES_BY_KIND.get(kind)), "type"));
        }
        if (code == null && !t.failed("code")) {
            errors.add(FieldError.of("REQUIRED", "code is required", "code"));
        } else if (code != null && kindKnown) {
            checkCode(kind, code, errors);
        }
        if ("ATTACHED_OBJECT".equals(kind)) {
            if (ownerCode == null && !t.failed("ownerCode")) {
                errors.add(FieldError.of("REQUIRED", "an attached object needs the credit code of its owning organisation", "ownerCode"));
            } else if (ownerCode != null) {
                CodeProblem problem = creditCodeProblem(ownerCode);
                if (problem != null) {
                    errors.add(FieldError.quoting("INVALID_OWNER_CODE", "ownerCode: " + problem.message(),
                            "ownerCode: " + problem.unquoted(), "ownerCode"));
                }
            }
        } else if (ownerCode != null && kindKnown) {
            errors.add(FieldError.of("INVALID_VALUE", "only attached objects have an owner", "ownerCode"));
        }
        if (status == null && !t.failed("status")) {
            errors.add(FieldError.of("REQUIRED", "status is required: one of " + sorted(STATUSES), "status"));
        } else if (status != null && !STATUSES.contains(status)) {
            errors.add(FieldError.quoting("INVALID_VALUE", "unknown status " + status + "; one of " + sorted(STATUSES),
                    "unknown status; one of " + sorted(STATUSES), "status"));
        }
        if (industryCode != null && !INDUSTRY.matcher(industryCode).matches()) {
            errors.add(FieldError.quoting("INVALID_INDUSTRY_CODE",
                    "industry code " + industryCode + " is not a GB/T 4754 code such as H, H62, H621 or H6210",
                    "the industry code is not a GB/T 4754 code such as H, H62, H621 or H6210", "industryCode"));
        }
        if (regionCode == null && !t.failed("regionCode")) {
            errors.add(FieldError.of("REQUIRED", "regionCode (town or street of the district) is required", "regionCode"));
        } else if (regionCode != null && !regionCodes.contains(regionCode)) {
            errors.add(FieldError.quoting("UNKNOWN_REGION", "region code " + regionCode + " is not a jurisdiction of the district",
                    "the region code is not a jurisdiction of the district", "regionCode"));
        }
        LocalDate today = LocalDate.now(clock);
        if (raw.establishedOn() != null && raw.establishedOn().isAfter(today)) {
            errors.add(FieldError.of("DATE_IN_FUTURE", "establishedOn " + raw.establishedOn() + " is in the future", "establishedOn"));
        }
        Double capital = raw.registeredCapital();
        if (capital != null && (capital.isNaN() || capital.isInfinite() || capital < 0)) {
            errors.add(FieldError.of("INVALID_VALUE", "registeredCapital must be a number ≥ 0 (万元)", "registeredCapital"));
        }
        if (risk != null) {
            checkClass(risk.comprehensive(), errors, "risk", "comprehensive");
            checkClass(risk.publicCredit(), errors, "risk", "publicCredit");
            for (String departmentRisk : risk.departments()) {
                if (!DEPARTMENT_RISK.matcher(departmentRisk).matches()) {
                    errors.add(FieldError.quoting("INVALID_VALUE", "department risk " + departmentRisk + " is not DEPT:CLASS, e.g. WSJK:C",
                            "a department risk is not DEPT:CLASS, e.g. WSJK:C", "risk", "departments"));
                }
            }
            if (risk.asOf() != null && risk.asOf().isAfter(today)) {
                errors.add(FieldError.of("DATE_IN_FUTURE", "risk.asOf " + risk.asOf() + " is in the future", "risk", "asOf"));
            }
        }
        for (String list : lists) {
            if (!LISTS.contains(list)) {
                errors.add(FieldError.quoting("INVALID_VALUE", "unknown list " + list + "; one of " + sorted(LISTS),
                        "unknown list; one of " + sorted(LISTS), "lists"));
            }
        }
        for (String licence : licences) {
            if (!ENUM_LIKE.matcher(licence).matches()) {
                errors.add(FieldError.quoting("INVALID_VALUE", "licence kind " + licence + " must be upper-case letters, digits and _",
                        "a licence kind must be upper-case letters, digits and _", "licences"));
            }
        }
        SubjectInput normalised = new SubjectInput(code, kind, type, name, formerNames, legalRepresentative, address, ownerCode,
                registrationAuthority, regionCode, supervisingUnit, industryCode, status, raw.establishedOn(), capital, risk,
                lists, licences);
        return new Validation(normalised, List.copyOf(errors));
    }

    private static void checkCode(String kind, String code, List<FieldError> errors) {
        switch (kind) {
            case "ORGANISATION" -> {
                CodeProblem problem = creditCodeProblem(code);
                if (problem != null) {
                    errors.add(FieldError.quoting(problem.fullWidth() ? "FULL_WIDTH_CHARACTERS" : "INVALID_CREDIT_CODE",
                            problem.message(), problem.unquoted(), "code"));
                }
            }
            case "NATURAL_PERSON" -> {
                CodeProblem problem = residentIdProblem(code);
                if (problem != null) {
                    errors.add(FieldError.quoting(problem.fullWidth() ? "FULL_WIDTH_CHARACTERS" : "INVALID_IDENTIFIER",
                            problem.message(), problem.unquoted(), "code"));
                }
            }
            default -> {
                if (hasFullWidth(code)) {
                    errors.add(FieldError.of("FULL_WIDTH_CHARACTERS", fullWidthMessage(code), "code"));
                } else if (!OBJECT_CODE.matcher(code).matches() && !VEHICLE_PLATE.matcher(code).matches()) {
                    errors.add(FieldError.of("INVALID_VALUE", "an attached object's registration number is upper-case letters, "
                            + "digits and dashes (at most 64), or a vehicle plate such as 浙A12345", "code"));
                }
            }
        }
    }

    /**
     * Why a code is refused: {@code message}, and {@code unquoted} saying the same without the
     * characters of the code it quotes (a caller who sees natural persons masked reads that one).
     */
    record CodeProblem(String message, String unquoted, boolean fullWidth) {
        static CodeProblem plain(String message) {
            return new CodeProblem(message, message, false);
        }
    }

    /** Why {@code code} is not a unified social credit code, or null when it is one. */
    static CodeProblem creditCodeProblem(String code) {
        if (hasFullWidth(code)) {
            return new CodeProblem(fullWidthMessage(code), fullWidthMessage(code), true);
        }
        if (code.length() != 18) {
            return CodeProblem.plain("a unified social credit code has 18 characters, this one has " + code.codePointCount(0, code.length()));
        }
        for (int i = 0; i < 18; i++) {
            char c = code.charAt(i);
            if (CreditCode.CHARSET.indexOf(c) < 0) {
                String rule = " is not allowed in a credit code (digits and upper-case letters except I, O, S, V, Z)";
                return new CodeProblem("character '" + c + "' at position " + (i + 1) + rule, "the character at position " + (i + 1) + rule, false);
            }
        }
        char expected = CreditCode.checkCharacter(code.substring(0, 17));
        if (expected != code.charAt(17)) {
            return new CodeProblem("check character is " + code.charAt(17) + " but GB 32100 gives " + expected + " for the first 17 characters",
                    "the check character is not the one GB 32100 gives for the first 17 characters", false);
        }
        return null;
    }

    /** Why {@code id} is not an 18-character resident identity number (GB 11643), or null. */
    static CodeProblem residentIdProblem(String id) {
        if (hasFullWidth(id)) {
            return new CodeProblem(fullWidthMessage(id), fullWidthMessage(id), true);
        }
        if (id.length() != 18) {
            return CodeProblem.plain("a resident identity number has 18 characters, this one has " + id.codePointCount(0, id.length()));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return CodeProblem.plain("the first 17 characters of a resident identity number are digits");
            }
            sum += (c - '0') * ID_WEIGHTS[i];
        }
        try {
            LocalDate.parse(id.substring(6, 10) + "-" + id.substring(10, 12) + "-" + id.substring(12, 14));
        } catch (java.time.format.DateTimeParseException e) {
            return CodeProblem.plain("characters 7–14 of a resident identity number are a birth date");
        }
        char expected = ID_CHECK.charAt(sum % 11);
        if (id.charAt(17) != expected) {
            return new CodeProblem("check character is " + id.charAt(17) + " but ISO 7064 MOD 11-2 gives " + expected,
                    "the check character is not the one ISO 7064 MOD 11-2 gives", false);
        }
        return null;
    }

    private static void checkClass(String value, List<FieldError> errors, String... path) {
        if (value != null && !RISK_CLASSES.contains(value)) {
            errors.add(FieldError.quoting("INVALID_VALUE", "risk class " + value + " is not one of A, B, C, D",
                    "the risk class is not one of A, B, C, D", path));
        }
    }

    static boolean hasFullWidth(String s) {
        return s.chars().anyMatch(c -> c >= 0xFF01 && c <= 0xFF5E || c == 0x3000);
    }

    private static String fullWidthMessage(String s) {
        return "full-width characters (such as ０-９, Ａ-Ｚ) are not allowed in codes; type them half-width (0-9, A-Z)";
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", new java.util.TreeSet<>(values));
    }

    /** Trims, NFC-normalises and length-checks text, refusing control characters and broken UTF-16. */
    static final class Texts {
        private final List<FieldError> errors;
        private final java.util.Set<String> failed = new java.util.HashSet<>();

        Texts(List<FieldError> errors) {
            this.errors = errors;
        }

        /** True when the field was refused already, so "required" would only repeat the problem. */
        boolean failed(String field) {
            return failed.contains(field);
        }

        private void fail(FieldError error) {
            errors.add(error);
            failed.add(String.join(".", error.field()));
        }

        String clean(String value, int max, String... path) {
            if (value == null) {
                return null;
            }
            boolean plain = true;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                plain &= NfcStable.is(c);
                if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                    fail(FieldError.of("CONTROL_CHARACTER", "control characters (U+"
                            + String.format("%04X", (int) c) + ") are not allowed", path));
                    return null;
                }
                if (c == '\uFFFD') {
                    fail(FieldError.of("INVALID_TEXT", "the text is not valid UTF-8 (it contains U+FFFD)", path));
                    return null;
                }
                if (Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                        || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                    fail(FieldError.of("INVALID_TEXT", "the text contains a broken (unpaired) surrogate", path));
                    return null;
                }
            }
            String stripped = value.strip();
            // Almost every text arrives in NFC already, most of it in characters that are NFC whatever
            // surrounds them (NfcStable), which spares the normaliser's own check and its buffers.
            String normalised = plain || Normalizer.isNormalized(stripped, Normalizer.Form.NFC) ? stripped
                    : Normalizer.normalize(stripped, Normalizer.Form.NFC);
            if (normalised.isEmpty()) {
                return null;
            }
            if (normalised.codePointCount(0, normalised.length()) > max) {
                fail(FieldError.of("TOO_LONG", "at most " + max + " characters", path));
                return null;
            }
            return normalised;
        }

        List<String> cleanList(List<String> values, int max, String... path) {
            if (values == null) {
                return List.of();
            }
            if (values.size() > LIST_MAX) {
                errors.add(FieldError.of("TOO_MANY", "at most " + LIST_MAX + " entries", path));
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (String value : values) {
                String cleaned = clean(value, max, path);
                if (cleaned != null && !result.contains(cleaned)) {
                    result.add(cleaned);
                }
            }
            return List.copyOf(result);
        }
    }
}
