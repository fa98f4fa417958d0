package io.spotcheck.subject.write;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.privacy.PersonNaming;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import io.spotcheck.system.ConcurrentWrites;
import io.spotcheck.system.InputLimits;
import io.spotcheck.system.SpotcheckException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Single upserts and tag changes: who may, what is checked, what is kept, what is audited. */
@Service
public class SubjectWriteService {

    public static final String IMPORT_SCOPE = "subjects:import";
    public static final String TAGS_SCOPE = "tags:write";

    private final SubjectValidator validator;
    private final SubjectWriter writer;
    private final TagRules rules;
    private final AuditLog audit;
    private final io.spotcheck.department.DepartmentDirectory departments;

    public SubjectWriteService(SubjectValidator validator, SubjectWriter writer, TagRules rules, AuditLog audit,
                               io.spotcheck.department.DepartmentDirectory departments) {
        this.departments = departments;
        this.validator = validator;
        this.writer = writer;
        this.rules = rules;
        this.audit = audit;
    }

    /** Outcome of a write: the subject as stored, or the reasons it was refused. */
    public record Result(Subject subject, List<FieldError> errors) {}

    /** A manual tag to set. */
    public record TagInput(String name, LocalDate validUntil) {}

    public static void requireImporter(Caller caller) {
        caller.require(IMPORT_SCOPE, Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.PLATFORM_ADMIN);
    }

    public Result upsert(Caller caller, SubjectInput input) {
        requireImporter(caller);
        // before anything is read: whether it created, changed or refused would tell who exists
        requireMayName(caller, "subject.upsert", input == null ? null : input.code());
        SubjectValidator.Validation validation = validator.validate(input);
        String target = input == null ? null : input.code();
        if (!validation.valid()) {
            List<FieldError> errors = validation.errors().stream().map(e -> e.under("input")).toList();
            audit.record(caller, "subject.upsert", target, "REJECTED", errors);
            return new Result(null, errors);
        }
        return write(caller, "subject.upsert", validation.input(), List.of());
    }

    /**
     * Writes a validated input over the stored subject: fields the input leaves out (null) keep
     * their stored values and {@code clear} erases the fields it names, so a write changes only what
     * it names; refused with NOT_OWNER when the caller's department does not own the master data
     * it would change (SubjectOwnership). The audit entry lists the fields changed: the subject's
     * provenance (subjectChanges). A lost race re-reads and tries again (ConcurrentWrites).
     */
    private Result write(Caller caller, String action, SubjectInput clean, List<String> clear) {
        return ConcurrentWrites.retry("subject " + clean.code(), () -> {
            SubjectWriter.Stored stored = writer.get(clean.code());
            Subject existing = stored == null ? null : stored.subject();
            SubjectInput kept = SubjectOwnership.keepUnnamed(clean, existing, clear);
            List<String> fields = SubjectOwnership.changedFields(existing, kept);
            if (!fields.isEmpty()) {
                FieldError refusal = SubjectOwnership.refusal(caller, existing, kept, departments.allDepartments());
                if (refusal != null) {
                    audit.record(caller, action, clean.code(), "REJECTED", List.of(refusal));
                    return new Result(null, List.of(refusal));
                }
            }
            Subject next = SubjectMerger.merge(kept, existing, rules.all(), Instant.now());
            if (SubjectMerger.sameContent(existing, next)) {
                audit.record(caller, action, clean.code(), "UNCHANGED", clean);
                return new Result(existing, List.of());
            }
            if (!writer.put(next, stored)) {
                throw new ConcurrentWrites.Stale();
            }
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("fields", fields);
            change.put("subject", next);
            audit.record(caller, action, clean.code(), "OK", change);
            return new Result(next, List.of());
        });
    }

    /** FORBIDDEN, audited, when the caller sees persons masked and names one by ID number ({@link PersonNaming}). */
    private void requireMayName(Caller caller, String action, String code) {
        if (PersonNaming.refused(caller, code)) {
            audit.record(caller, action, PersonMask.id(code), "FORBIDDEN", Map.of("reason", PersonNaming.REFUSAL));
            throw SpotcheckException.forbidden(PersonNaming.REFUSAL);
        }
    }

    /** The optional fields {@code updateSubject} may erase with {@code clear}. */
    public static final List<String> CLEARABLE = List.of("formerNames", "legalRepresentative", "address", "ownerCode",
            "registrationAuthority", "supervisingUnit", "industryCode", "establishedOn", "registeredCapital", "risk", "lists", "licences");

    /**
     * A partial update: only the fields {@code patch} names (non-null) change, and the fields in
     * {@code clear} are erased; the result is validated as a whole, like an upsert.
     */
    public Result update(Caller caller, SubjectInput patch, List<String> clear) {
        requireImporter(caller);
        String code = patch == null || patch.code() == null ? null : patch.code().strip();
        // before anything is read: NOT_FOUND against the subject would tell who exists
        requireMayName(caller, "subject.update", code);
        List<FieldError> errors = new ArrayList<>();
        List<String> erase = clear == null ? List.of() : clear;
        for (int i = 0; i < erase.size(); i++) {
            if (!CLEARABLE.contains(erase.get(i))) {
                errors.add(FieldError.quoting("NOT_CLEARABLE", erase.get(i) + " cannot be cleared; clearable: " + CLEARABLE,
                        "this field cannot be cleared; clearable: " + CLEARABLE, "input", "clear", Integer.toString(i)));
            }
        }
        SubjectWriter.Stored stored = code == null || code.isEmpty() ? null : writer.get(code);
        if (stored == null) {
            errors.add(FieldError.of("NOT_FOUND", "subject " + code + " does not exist; upsertSubject creates it", "input", "code"));
        }
        if (!errors.isEmpty()) {
            audit.record(caller, "subject.update", code, "REJECTED", errors);
            return new Result(null, errors);
        }
        SubjectInput whole = SubjectOwnership.keepUnnamed(new SubjectInput(code, patch.kind(), patch.type(), patch.name(), patch.formerNames(),
                patch.legalRepresentative(), patch.address(), patch.ownerCode(), patch.registrationAuthority(), patch.regionCode(),
                patch.supervisingUnit(), patch.industryCode(), patch.status(), patch.establishedOn(), patch.registeredCapital(), patch.risk(),
                patch.lists(), patch.licences()), stored.subject(), erase);
        SubjectValidator.Validation validation = validator.validate(whole);
        if (!validation.valid()) {
            List<FieldError> invalid = validation.errors().stream().map(e -> e.under("input")).toList();
            audit.record(caller, "subject.update", code, "REJECTED", invalid);
            return new Result(null, invalid);
        }
        return write(caller, "subject.update", validation.input(), erase);
    }

    /**
     * A department's own tags: adds (or renews) manual tags and removes tags by name. Tags of other
     * departments are never touched; the caller must act for {@code department}.
     */
    public Result setTags(Caller caller, String code, String department, List<TagInput> add, List<String> remove) {
        caller.require(TAGS_SCOPE, Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.PLATFORM_ADMIN);
        if (department == null || department.isBlank()) {
            throw SpotcheckException.badInput("department", "department is required");
        }
        if (!caller.actsFor(department)) {
            audit.record(caller, "subject.tags", code, "FORBIDDEN", Map.of("department", department));
            throw SpotcheckException.forbidden("a department changes only its own tags; you do not act for " + department);
        }
        // before anything is read: NOT_FOUND against the subject would tell who exists
        requireMayName(caller, "subject.tags", code);
        List<FieldError> errors = new ArrayList<>();
        if (departments.departments(List.of(department)).isEmpty()) {
            errors.add(FieldError.of("UNKNOWN_DEPARTMENT", "department " + department + " does not exist", "input", "department"));
        }
        LocalDate today = LocalDate.now(SubjectWriteConfig.DISTRICT_ZONE);
        List<TagInput> adds = add == null ? List.of() : add;
        List<String> removes = remove == null ? List.of() : remove;
        List<TagInput> cleanAdds = new ArrayList<>();
        for (int i = 0; i < adds.size(); i++) {
            TagInput tag = adds.get(i);
            String name = cleanTagName(tag == null ? null : tag.name(), errors, "input", "add", Integer.toString(i), "name");
            if (name != null && tag.validUntil() != null && tag.validUntil().isBefore(today)) {
                errors.add(FieldError.of("DATE_IN_PAST", "validUntil " + tag.validUntil() + " has passed",
                        "input", "add", Integer.toString(i), "validUntil"));
            } else if (name != null) {
                cleanAdds.add(new TagInput(name, tag.validUntil()));
            }
        }
        List<String> cleanRemoves = new ArrayList<>();
        for (int i = 0; i < removes.size(); i++) {
            String name = cleanTagName(removes.get(i), errors, "input", "remove", Integer.toString(i));
            if (name != null) {
                cleanRemoves.add(name);
            }
        }
        if (code == null || code.isBlank()) {
            errors.add(FieldError.of("REQUIRED", "code is required", "input", "code"));
        }
        if (!errors.isEmpty()) {
            audit.record(caller, "subject.tags", code, "REJECTED", errors);
            return new Result(null, errors);
        }
        return ConcurrentWrites.retry("subject " + code, () -> {
            SubjectWriter.Stored stored = writer.get(code.strip());
            if (stored == null) {
                List<FieldError> notFound = List.of(FieldError.of("NOT_FOUND", "subject " + code + " does not exist", "input", "code"));
                audit.record(caller, "subject.tags", code, "REJECTED", notFound);
                return new Result(null, notFound);
            }
            Subject existing = stored.subject();
            Instant now = Instant.now();
            Map<String, Subject.Tag> tags = new LinkedHashMap<>();
            for (Subject.Tag tag : existing.tags() == null ? List.<Subject.Tag>of() : existing.tags()) {
                if (!(department.equals(tag.department()) && cleanRemoves.contains(tag.name()))) {
                    tags.put(tag.key(), tag);
                }
            }
            for (TagInput tag : cleanAdds) {
                tags.put(department + ":" + tag.name(),
                        new Subject.Tag(department, tag.name(), TagRuleEngine.MANUAL, null, caller.id(), now, tag.validUntil()));
            }
            Subject manual = SubjectMerger.withTags(existing, List.copyOf(tags.values()));
            // A removed rule tag comes back while its rule holds: rules apply on every change.
            Subject next = SubjectMerger.withUpdatedAt(SubjectMerger.withRulesApplied(manual, rules.all(), now), now);
            if (SubjectMerger.sameContent(existing, next)) {
                audit.record(caller, "subject.tags", code, "UNCHANGED", Map.of("department", department));
                return new Result(existing, List.of());
            }
            if (!writer.put(next, stored)) {
                throw new ConcurrentWrites.Stale();
            }
            audit.record(caller, "subject.tags", code, "OK",
                    Map.of("department", department, "add", cleanAdds, "remove", cleanRemoves));
            return new Result(next, List.of());
        });
    }

    /** A tag name cleaned (trimmed, NFC), or null with the reason added to {@code errors}; limits in {@link InputLimits#tagNameProblem}. */
    public static String cleanTagName(String raw, List<FieldError> errors, String... path) {
        if (raw == null || raw.isBlank()) {
            errors.add(FieldError.of("REQUIRED", "a tag needs a name", path));
            return null;
        }
        String name = InputLimits.clean(raw);
        String problem = InputLimits.tagNameProblem(name);
        if (problem != null) {
            String code = problem.startsWith("is longer") ? "TOO_LONG"
                    : problem.contains("control") || problem.contains("Unicode") ? "CONTROL_CHARACTER" : "INVALID_VALUE";
            errors.add(FieldError.of(code, "a tag name " + problem, path));
            return null;
        }
        return name;
    }
}
