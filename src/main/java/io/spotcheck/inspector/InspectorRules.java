package io.spotcheck.inspector;

import io.spotcheck.department.Department;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Validation of inspector changes, as business errors a form shows next to each field. */
public final class InspectorRules {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    static final Pattern SUBJECT_CODE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_-]{0,63}");
    static final Pattern PHONE = Pattern.compile("1[3-9][0-9]{9}");
    static final Pattern CERTIFICATE = Pattern.compile("[\\p{IsHan}A-Za-z0-9-]{4,40}");

    private InspectorRules() {}

    /** A business rule broken by an input; {@code field} is the input path. */
    public record Problem(String code, String message, List<String> field) {}

    /** The master data of an upsert. */
    public record Input(String id, String name, String department, String agency, String certificateNumber,
                        LocalDate certificateValidFrom, LocalDate certificateValidUntil, List<Qualification> qualifications,
                        InspectorStatus status, String phone, java.time.OffsetDateTime expectedUpdatedAt) {}

    /** @param department the input's department as stored, or null when unknown */
    public static List<Problem> check(Input in, Department department) {
        List<Problem> problems = new ArrayList<>();
        if (in.id() != null && !ID.matcher(in.id()).matches()) {
            problems.add(problem("INVALID_ID", "ids are 1-64 letters, digits, '-' or '_'", "id"));
        }
        if (in.name() == null || in.name().isBlank() || in.name().strip().length() > 40) {
            problems.add(problem("INVALID_NAME", "name must have 1 to 40 characters", "name"));
        }
        if (department == null) {
            problems.add(problem("UNKNOWN_DEPARTMENT", "department " + in.department() + " does not exist", "department"));
        } else if (department.agencies().stream().noneMatch(a -> a.id().equals(in.agency()))) {
            problems.add(problem("UNKNOWN_AGENCY", "agency " + in.agency() + " is not an agency of " + department.code(), "agency"));
        }
        boolean anyCertificateField = in.certificateNumber() != null || in.certificateValidFrom() != null || in.certificateValidUntil() != null;
        if (anyCertificateField) {
            if (in.certificateNumber() == null || !CERTIFICATE.matcher(in.certificateNumber()).matches()) {
                problems.add(problem("INVALID_CERTIFICATE", "certificate numbers have 4-40 letters, digits or Chinese characters", "certificateNumber"));
            }
            if (in.certificateValidFrom() == null) {
                problems.add(problem("REQUIRED", "a certificate needs its first valid day", "certificateValidFrom"));
            }
            if (in.certificateValidUntil() == null) {
                problems.add(problem("REQUIRED", "a certificate needs its last valid day", "certificateValidUntil"));
            }
            if (in.certificateValidFrom() != null && in.certificateValidUntil() != null
                    && in.certificateValidUntil().isBefore(in.certificateValidFrom())) {
                problems.add(problem("INVALID_DATES", "the certificate cannot expire before it starts", "certificateValidUntil"));
            }
        }
        if (in.phone() != null && !PHONE.matcher(in.phone()).matches()) {
            problems.add(problem("INVALID_PHONE", "a mobile number has 11 digits starting with 13-19", "phone"));
        }
        if (in.qualifications() != null && in.qualifications().size() > Qualification.values().length) {
            problems.add(problem("INVALID_QUALIFICATIONS", "too many qualifications", "qualifications"));
        }
        return problems;
    }

    public static List<Problem> checkRecusal(String subjectCode, String reason) {
        List<Problem> problems = new ArrayList<>();
        if (subjectCode == null || !SUBJECT_CODE.matcher(subjectCode).matches()) {
            problems.add(new Problem("INVALID_SUBJECT_CODE", "not a subject code", List.of("subjectCode")));
        }
        if (reason != null && (reason.isBlank() || reason.length() > 200)) {
            problems.add(new Problem("INVALID_REASON", "a reason of 1 to 200 characters is required", List.of("reason")));
        }
        return problems;
    }

    private static Problem problem(String code, String message, String field) {
        return new Problem(code, message, List.of("input", field));
    }
}
