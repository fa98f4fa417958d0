package io.spotcheck.tag;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.subject.write.FieldError;
import io.spotcheck.subject.write.SubjectValidator;
import io.spotcheck.system.SpotcheckException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import io.spotcheck.subject.write.TagRule;
import io.spotcheck.subject.write.TagCondition;

/** Saving and deleting tag rules: only admins of the owning department, each change re-applied everywhere. */
@Service
public class TagRuleService {

    private static final Pattern INDUSTRY = Pattern.compile("[A-T](\\d{2}(\\d{1,2})?)?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DEPARTMENT = io.spotcheck.system.InputLimits.DEPARTMENT;
    private static final Set<String> RESULT_CODES = java.util.Arrays.stream(io.spotcheck.subject.ResultCode.values())
            .map(Enum::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final TagRuleStore store;
    private final TagRuleJobs jobs;
    private final AuditLog audit;
    private final io.spotcheck.department.DepartmentDirectory departments;

    public TagRuleService(TagRuleStore store, TagRuleJobs jobs, AuditLog audit, io.spotcheck.department.DepartmentDirectory departments) {
        this.departments = departments;
        this.store = store;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** What a department admin sends. */
    public record TagRuleInput(String id, String department, String tagName, TagCondition condition, Boolean enabled) {}

    public record SaveResult(TagRule rule, TagRuleJobs.JobState job, List<FieldError> errors) {}

    public SaveResult save(Caller caller, TagRuleInput input) {
        if (input == null) {
            throw SpotcheckException.badInput("input", "input is required");
        }
        caller.requireAny(Role.DEPT_ADMIN).requireDepartment(input.department());
        TagRule existing = input.id() == null ? null : store.get(input.id());
        if (existing != null && !caller.actsFor(existing.department())) {
            throw SpotcheckException.forbidden("rule " + input.id() + " belongs to department " + existing.department());
        }
        List<FieldError> errors = new ArrayList<>(validate(input, existing));
        if (departments.departments(List.of(input.department())).isEmpty()) {
            errors.add(FieldError.of("UNKNOWN_DEPARTMENT", "department " + input.department() + " does not exist", "input", "department"));
        }
        errors.addAll(unknownConditionDepartments(input.condition()));
        if (!errors.isEmpty()) {
            audit.record(caller, "tagRule.save", input.id(), "REJECTED", errors);
            return new SaveResult(null, null, errors);
        }
        List<FieldError> nameErrors = new ArrayList<>();
        String tagName = io.spotcheck.subject.write.SubjectWriteService.cleanTagName(input.tagName(), nameErrors);
        boolean enabled = input.enabled() == null || input.enabled();
        String id = input.id() != null ? input.id() : input.department() + "-" + UUID.randomUUID().toString().substring(0, 8);
        boolean same = existing != null && existing.tagName().equals(tagName) && existing.enabled() == enabled
                && Objects.equals(existing.condition(), input.condition());
        TagRule rule = same ? existing
                : new TagRule(id, input.department(), tagName, input.condition(), enabled,
                        existing == null ? 1 : existing.version() + 1, caller.id(), Instant.now());
        if (!same) {
            store.save(rule);
        }
        // Re-issuing an unchanged save resumes (or confirms) the job of the current version.
        TagRuleJobs.JobState job = jobs.submit(TagRuleJobs.jobId(rule), rule.id(), rule.department());
        audit.record(caller, "tagRule.save", rule.id(), same ? "UNCHANGED" : "OK", rule);
        return new SaveResult(rule, job, List.of());
    }

    public record DeleteResult(String deletedId, TagRuleJobs.JobState job, List<FieldError> errors) {}

    public DeleteResult delete(Caller caller, String id) {
        caller.requireAny(Role.DEPT_ADMIN);
        TagRule existing = id == null ? null : store.get(id);
        if (existing == null) {
            caller.requireSignedIn();
            return new DeleteResult(null, null, List.of(FieldError.of("NOT_FOUND", "tag rule " + id + " does not exist", "id")));
        }
        caller.requireDepartment(existing.department());
        store.delete(id);
        // The department's remaining rules are re-applied: the deleted rule's tags go everywhere.
        TagRuleJobs.JobState job = jobs.submit(TagRuleJobs.deletionJobId(existing, Instant.now()), existing.id(),
                existing.department());
        audit.record(caller, "tagRule.delete", id, "OK", existing);
        return new DeleteResult(id, job, List.of());
    }

    private static List<FieldError> validate(TagRuleInput input, TagRule existing) {
        List<FieldError> errors = new ArrayList<>();
        if (input.id() != null && !ID.matcher(input.id()).matches()) {
            errors.add(FieldError.of("INVALID_VALUE", "a rule id is 1–64 letters, digits, _ or -", "input", "id"));
        }
        if (existing != null && !existing.department().equals(input.department())) {
            errors.add(FieldError.of("INVALID_VALUE", "a rule stays with its department", "input", "department"));
        }
        io.spotcheck.subject.write.SubjectWriteService.cleanTagName(input.tagName(), errors, "input", "tagName");
        TagCondition c = input.condition();
        if (c == null || c.isEmpty()) {
            errors.add(FieldError.of("REQUIRED", "a rule needs at least one condition; it would tag the whole directory",
                    "input", "condition"));
            return errors;
        }
        check(errors, c.kinds(), SubjectValidator.TYPES_BY_KIND.keySet(), "kinds");
        check(errors, c.types(), SubjectValidator.TYPES_BY_KIND.values().stream().flatMap(Set::stream)
                .collect(java.util.stream.Collectors.toSet()), "types");
        check(errors, c.statuses(), SubjectValidator.STATUSES, "statuses");
        check(errors, c.riskClasses(), SubjectValidator.RISK_CLASSES, "riskClasses");
        check(errors, c.publicCreditClasses(), SubjectValidator.RISK_CLASSES, "publicCreditClasses");
        check(errors, c.lists(), SubjectValidator.LISTS, "lists");
        check(errors, c.notLists(), SubjectValidator.LISTS, "notLists");
        for (String code : c.industryCodes()) {
            if (!INDUSTRY.matcher(code).matches()) {
                errors.add(FieldError.of("INVALID_INDUSTRY_CODE", code + " is not a GB/T 4754 code such as H62",
                        "input", "condition", "industryCodes"));
            }
        }
        shape(errors, c.regionCodes(), io.spotcheck.system.InputLimits.REGION_CODE, "regionCodes",
                "a region code of 6 to 12 digits, e.g. 330109001");
        shape(errors, c.departmentRisks(), io.spotcheck.system.InputLimits.DEPARTMENT_RISK, "departmentRisks",
                "DEPT:CLASS with a class A–D, e.g. WSJK:C");
        shape(errors, c.supervisingUnits(), io.spotcheck.system.InputLimits.PLAIN, "supervisingUnits",
                "a unit name of at most " + io.spotcheck.system.InputLimits.SHORT_TEXT + " characters");
        shape(errors, c.licences(), io.spotcheck.system.InputLimits.TOKEN, "licences", "a licence kind such as FOOD_BUSINESS");
        for (int i = 0; i < c.findings().size(); i++) {
            String finding = c.findings().get(i);
            int colon = finding.indexOf(':');
            String code = colon < 0 ? "" : finding.substring(colon + 1);
            if (colon < 0 || !DEPARTMENT.matcher(finding.substring(0, colon)).matches()) {
                errors.add(FieldError.of("INVALID_VALUE", "'" + finding + "' is not DEPT:RESULTCODE, e.g. SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS",
                        "input", "condition", "findings", Integer.toString(i)));
            } else if (!RESULT_CODES.contains(code)) {
                errors.add(FieldError.of("UNKNOWN_RESULT_CODE", code + " is not a result code (检查结果)",
                        "input", "condition", "findings", Integer.toString(i)));
            }
        }
        for (int i = 0; i < c.problemFoundBy().size(); i++) {
            if (!DEPARTMENT.matcher(c.problemFoundBy().get(i)).matches()) {
                errors.add(FieldError.of("INVALID_VALUE", "'" + c.problemFoundBy().get(i) + "' is not a department code such as SCJG",
                        "input", "condition", "problemFoundBy", Integer.toString(i)));
            }
        }
        if (c.capitalMin() != null && c.capitalMax() != null && c.capitalMin() > c.capitalMax()) {
            errors.add(FieldError.of("INVALID_VALUE", "capitalMin is above capitalMax", "input", "condition", "capitalMin"));
        }
        return errors;
    }

    /** Every value of a condition list has the shape of its input type (system/InputLimits), and the list is not too long. */
    private static void shape(List<FieldError> errors, List<String> values, Pattern shape, String field, String expected) {
        if (values.size() > io.spotcheck.system.InputLimits.LIST_VALUES) {
            errors.add(FieldError.of("TOO_MANY_VALUES", field + " lists more than " + io.spotcheck.system.InputLimits.LIST_VALUES
                    + " values", "input", "condition", field));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !shape.matcher(value).matches()) {
                errors.add(FieldError.of("INVALID_VALUE", "not " + expected, "input", "condition", field, Integer.toString(i)));
            }
        }
    }

    /** Departments named by findings or problemFoundBy must exist: a typo would silently never hold. */
    private List<FieldError> unknownConditionDepartments(TagCondition c) {
        if (c == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        java.util.Map<String, String> named = new java.util.LinkedHashMap<>();
        for (int i = 0; i < c.findings().size(); i++) {
            int colon = c.findings().get(i).indexOf(':');
            if (colon > 0 && DEPARTMENT.matcher(c.findings().get(i).substring(0, colon)).matches()) {
                named.putIfAbsent(c.findings().get(i).substring(0, colon), "findings/" + i);
            }
        }
        for (int i = 0; i < c.problemFoundBy().size(); i++) {
            if (DEPARTMENT.matcher(c.problemFoundBy().get(i)).matches()) {
                named.putIfAbsent(c.problemFoundBy().get(i), "problemFoundBy/" + i);
            }
        }
        if (named.isEmpty()) {
            return errors;
        }
        java.util.Map<String, ?> known = departments.departments(named.keySet());
        named.forEach((department, where) -> {
            if (!known.containsKey(department)) {
                String[] at = where.split("/");
                errors.add(FieldError.of("UNKNOWN_DEPARTMENT", "department " + department + " does not exist",
                        "input", "condition", at[0], at[1]));
            }
        });
        return errors;
    }

    private static void check(List<FieldError> errors, List<String> values, Set<String> allowed, String field) {
        for (String value : values) {
            if (!allowed.contains(value)) {
                errors.add(FieldError.of("INVALID_VALUE", "unknown value " + value + " in " + field, "input", "condition", field));
            }
        }
    }
}
