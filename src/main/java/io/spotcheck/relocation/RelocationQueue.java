package io.spotcheck.relocation;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.draw.DrawMasking;
import io.spotcheck.draw.DrawStore;
import io.spotcheck.draw.InspectorDrawService;
import io.spotcheck.draw.RelocationMoves;
import io.spotcheck.draw.SubstitutionRecord;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.privacy.PersonNaming;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.security.SecurityProperties;
import io.spotcheck.subject.IdentifierMasking;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskService;
import io.spotcheck.task.TaskStatus;
import io.spotcheck.task.TaskStore;
import io.spotcheck.api.UserError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The queue of on-site 迁出 (and 注销) findings and their resolution (docs/RESULTS.md, "迁出 found
 * on site"). A result submitted with MOVED_OUT or DEREGISTERED opens a FINDING; the task's lead
 * department resolves all findings of a subject in one task by exactly one of REASSIGN (the
 * subject moved within the district: every department's assignment goes to its agency covering the
 * jurisdiction the lead names, with a fresh inspector draw there) or SUBSTITUTE (it left the
 * district: the existing substitute operation, with the on-site finding as the evidence). The
 * RESOLUTION document is written first, once (op_type=create), so a second, different resolution is
 * refused however the calls interleave, and a retry of the same one finishes what a crash left.
 */
@Service
public class RelocationQueue {

    /** As for moving or substituting a subject: grouped, drawn, or being inspected. */
    static final Set<TaskStatus> RESOLVABLE = EnumSet.of(TaskStatus.GROUPED, TaskStatus.INSPECTORS_DRAWN, TaskStatus.IN_PROGRESS);
    private static final int RETRIES = 5;

    private final RelocationStore store;
    private final TaskService tasks;
    private final InspectorDrawService draws;
    private final RelocationMoves moves;
    private final AuditLog audit;
    private final CursorCodec cursors;
    private final io.spotcheck.api.MaskedCopies maskedCopies;
    private final DrawMasking drawMasking;
    // The sort values end with the finding's id, which holds the subject's code: sealed, since a
    // caller may see the person only masked (docs/SECURITY.md, "Natural persons").

    public RelocationQueue(RelocationStore store, TaskService tasks, InspectorDrawService draws, RelocationMoves moves, AuditLog audit,
                           SecurityProperties security, io.spotcheck.api.MaskedCopies maskedCopies, DrawMasking drawMasking) {
        this.drawMasking = drawMasking;
        this.store = store;
        this.tasks = tasks;
        this.draws = draws;
        this.moves = moves;
        this.audit = audit;
        this.cursors = new CursorCodec(security.cursorSecret());
        this.maskedCopies = maskedCopies;
    }

    // ------------------------------------------------------------------ findings (from result entry)

    /**
     * Brings the finding of one result in line with its latest submission: opened (or reopened, or
     * updated) while the result carries MOVED_OUT / DEREGISTERED, CANCELLED when a re-submission
     * drops the code; a RESOLVED finding keeps its resolution. Idempotent.
     */
    public void reported(Relocation finding, boolean needed) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            RelocationStore.Versioned read = store.get(finding.id());
            if (read == null) {
                if (!needed || store.create(finding)) {
                    return;
                }
                continue;
            }
            Relocation stored = read.relocation();
            Relocation next = needed ? stored.reportedAgain(finding)
                    : Relocation.OPEN.equals(stored.status()) ? stored.withStatus(Relocation.CANCELLED) : stored;
            if (next.equals(stored) || store.replace(read, next)) {
                return;
            }
        }
        throw new IllegalStateException("the relocation finding " + finding.id() + " kept changing");
    }

    // ------------------------------------------------------------------ the queue

    public record Page(List<Map.Entry<String, Relocation>> edges, boolean hasNextPage, long totalCount) {}

    /**
     * Findings the caller's department sees: those of tasks it leads and those it found itself;
     * platform admins all. Natural persons' codes are masked for callers who do not see identifiers.
     */
    public Page queue(Caller caller, String taskId, String status, int first, String after) {
        requireReader(caller);
        if (first < 1 || first > 500) {
            throw SpotcheckException.badInput("first", "first is 1 to 500");
        }
        String department = caller.isPlatformAdmin() ? null : caller.department();
        String fingerprint = RelocationStore.fingerprint(department, taskId, status);
        List<FieldValue> searchAfter = null;
        if (after != null) {
            // The codec encrypts: the finding id among the sort values holds the subject's code.
            List<Object> values = cursors.decode(after, fingerprint).after();
            if (values == null || values.size() != 2) {
                throw new SpotcheckException(io.spotcheck.system.ErrorCode.INVALID_CURSOR, "the cursor is not valid; start again without 'after'");
            }
            searchAfter = values.stream().map(FieldValue::of).toList();
        }
        RelocationStore.Page page = store.queue(department, taskId, status, first + 1, searchAfter);
        List<Map.Entry<String, Relocation>> edges = new ArrayList<>();
        boolean sees = IdentifierMasking.seesIdentifiers(caller);
        for (int i = 0; i < Math.min(first, page.hits().size()); i++) {
            Hit<Relocation> hit = page.hits().get(i);
            List<Object> sort = hit.sort().stream().map(FieldValue::_get).toList();
            edges.add(Map.entry(cursors.encode(fingerprint, null, sort), sees ? hit.source() : shown(hit.source())));
        }
        return new Page(edges, page.hits().size() > first, page.total());
    }

    private static void requireReader(Caller caller) {
        caller.requireAny(Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.AGENCY_REVIEWER);
        if (!caller.isPlatformAdmin() && caller.department() == null) {
            throw SpotcheckException.forbidden("the relocation queue is read by a department's staff");
        }
    }

    /**
     * One finding (or resolution) by id, with the queue's checks and masking: department staff of
     * the task's lead department or of the department that found it, platform admins any; null when
     * there is none or it is in no queue the caller reads.
     */
    public Relocation one(Caller caller, String id) {
        requireReader(caller);
        RelocationStore.Versioned read = store.get(id);
        if (read == null) {
            return null;
        }
        Relocation r = read.relocation();
        if (!caller.isPlatformAdmin() && !caller.department().equals(r.leadDepartment()) && !caller.department().equals(r.department())) {
            return null;
        }
        return IdentifierMasking.seesIdentifiers(caller) ? r : shown(r);
    }

    /** The masked copy, remembered as standing for the finding's clear id (its global id is the clear copy's). */
    private Relocation shown(Relocation r) {
        return maskedCopies.remember(masked(r), r.id());
    }

    private static Relocation masked(Relocation r) {
        return masked(r, false);
    }

    /**
     * The finding or resolution with its subject masked when a person, its new address and note left
     * out then, and its substitute masked when a person too (known to be, or shaped like a resident ID).
     */
    private static Relocation masked(Relocation r, boolean substituteIsPerson) {
        String substitute = r.substitute();
        boolean maskSubstitute = substitute != null && (substituteIsPerson || PersonMask.isResidentId(substitute));
        boolean person = "NATURAL_PERSON".equals(r.subjectKind());
        if (!person && !maskSubstitute) {
            return r;
        }
        String code = r.subjectCode();
        String m = person ? IdentifierMasking.mask(code) : code;
        java.util.function.UnaryOperator<String> ids = x -> x == null || !person ? x : x.replace(code, m);
        return new Relocation(r.type(), ids.apply(r.id()), r.taskId(), r.leadDepartment(), r.department(), r.agency(), m, r.subjectKind(),
                ids.apply(r.resultId()), r.resultCodes(), r.inspectorIds(), r.foundBy(), r.foundAt(), r.inspectionDate(),
                person ? null : r.newAddress(), r.newRegionCode(), person ? null : r.note(), r.status(), r.resolution(), ids.apply(r.resolutionId()),
                r.regionCode(), r.reason(), r.records().stream().map(ids).toList(),
                maskSubstitute ? IdentifierMasking.mask(substitute) : substitute, r.resolvedBy(), r.resolvedByDepartment(), r.resolvedAt());
    }

    /**
     * A resolution's payload as a caller who sees persons masked reads it (an automation client of the
     * lead department without persons:read): the findings as the queue masks them, what was moved and
     * drawn as its task's draws show them to it.
     */
    private ResolvePayload shownTo(Caller caller, String taskId, ResolvePayload p) {
        if (IdentifierMasking.seesIdentifiers(caller)) {
            return p;
        }
        DrawMasking.Task draws = drawMasking.of(taskId);
        InspectorDrawService.SubstitutionPayload sub = draws.payload(new InspectorDrawService.SubstitutionPayload(p.substitution(),
                p.assignments(), p.errors()));
        boolean substituteIsPerson = p.substitution() != null && p.substitution().substitute() != null
                && "NATURAL_PERSON".equals(p.substitution().substitute().kind());
        java.util.function.UnaryOperator<Relocation> shown = r -> r == null ? null : maskedCopies.remember(masked(r, substituteIsPerson), r.id());
        return new ResolvePayload(shown.apply(p.resolution()), p.findings().stream().map(shown).toList(), sub.assignments(),
                p.moves().stream().map(m -> new RelocationMoves.DepartmentMove(m.department(), m.outcome(), draws.assignment(m.assignment()),
                        draws.record(m.amendment()))).toList(), sub.substitution(), p.errors());
    }

    // ------------------------------------------------------------------ resolution

    public record ResolveInput(String taskId, String subjectCode, String resolution, String newRegionCode, String reason) {}

    public record ResolvePayload(Relocation resolution, List<Relocation> findings, List<DrawStore.Assignment> assignments,
                                 List<RelocationMoves.DepartmentMove> moves, SubstitutionRecord substitution, List<UserError> errors) {
        static ResolvePayload refused(String code, String message, String... field) {
            return new ResolvePayload(null, List.of(), List.of(), List.of(), null, List.of(UserError.of(code, message, field)));
        }
    }

    public ResolvePayload resolve(Caller caller, ResolveInput in) {
        return shownTo(caller, in.taskId(), resolveInClear(caller, in));
    }

    private ResolvePayload resolveInClear(Caller caller, ResolveInput in) {
        String action = "relocation.resolve";
        tasks.requireWriter(caller);
        try {
            // before the task is looked up (NOT_FOUND against FORBIDDEN would tell which tasks exist) and the
            // queue read (NOT_IN_QUEUE against the next refusal would tell whom inspectors found)
            PersonNaming.require(caller, in.subjectCode());
        } catch (SpotcheckException e) {
            audit.record(caller, action, in.taskId(), "FORBIDDEN", in);
            throw e;
        }
        TaskStore.Versioned read = tasks.get(in.taskId());
        if (read == null) {
            throw SpotcheckException.notFound("task", in.taskId());
        }
        Task task = read.task();
        try {
            tasks.requireLead(caller, task);
        } catch (SpotcheckException e) {
            audit.record(caller, action, task.id(), "FORBIDDEN", in);
            throw e;
        }
        List<RelocationStore.Versioned> findings = store.findings(task.id(), in.subjectCode()).stream()
                .filter(f -> !Relocation.CANCELLED.equals(f.relocation().status())).toList();
        if (findings.isEmpty()) {
            return reject(caller, action, task, in, "NOT_IN_QUEUE", "no inspector reported subject " + in.subjectCode()
                    + " moved out (迁出) or deregistered in task " + task.id() + "; reassignSubject and substituteSubject act on the directory",
                    "input", "subjectCode");
        }
        if (!"REASSIGN".equals(in.resolution()) && !"SUBSTITUTE".equals(in.resolution())) {
            throw SpotcheckException.badInput("resolution", "resolution is REASSIGN or SUBSTITUTE");
        }
        String resolutionId = Relocation.resolutionIdFor(task.id(), in.subjectCode());
        RelocationStore.Versioned existing = store.get(resolutionId);
        if (existing != null) {
            return again(caller, action, task, in, existing.relocation(), findings);
        }
        if (!RESOLVABLE.contains(task.status())) {
            return reject(caller, action, task, in, "INVALID_STATE", "findings of a task in " + task.status() + " are not resolved", "input", "taskId");
        }
        if (in.reason() == null || in.reason().isBlank() || in.reason().length() > 500) {
            return reject(caller, action, task, in, "REASON_REQUIRED", "say why (1 to 500 characters)", "input", "reason");
        }
        String region = null;
        if ("REASSIGN".equals(in.resolution())) {
            region = in.newRegionCode() != null ? in.newRegionCode().strip()
                    : findings.stream().map(f -> f.relocation().newRegionCode()).filter(Objects::nonNull).findFirst().orElse(null);
            if (region == null || region.isEmpty()) {
                return reject(caller, action, task, in, "REGION_REQUIRED", "name the jurisdiction the subject moved to (newRegionCode); "
                        + "no inspector noted one", "input", "newRegionCode");
            }
            if (!moves.isDistrictJurisdiction(region)) {
                return reject(caller, action, task, in, "NOT_IN_DISTRICT", "jurisdiction " + region + " is not one of the district's; "
                        + "a subject that left the district is substituted: resolution SUBSTITUTE", "input", "newRegionCode");
            }
            Map<String, DrawStore.Assignment> active = moves.activeAssignments(task, in.subjectCode());
            if (active.isEmpty()) {
                return reject(caller, action, task, in, "NOT_ASSIGNED", "subject " + in.subjectCode() + " has no active assignment in task "
                        + task.id(), "input", "subjectCode");
            }
            String to = region;
            if (active.values().stream().allMatch(a -> to.equals(a.region()))) {
                return reject(caller, action, task, in, "JURISDICTION_UNCHANGED", "subject " + in.subjectCode() + " is assigned by " + to
                        + " already", "input", "newRegionCode");
            }
        }
        Relocation claim = new Relocation(Relocation.RESOLUTION, resolutionId, task.id(), task.leadDepartment(), null, null, in.subjectCode(),
                findings.get(0).relocation().subjectKind(), null, null, null, null, null, null, null, null, null, null, in.resolution(), null,
                region, in.reason().strip(), List.of(), null, caller.id(), caller.department(), Instant.now());
        if (!store.create(claim)) {
            RelocationStore.Versioned now = store.get(resolutionId);
            return again(caller, action, task, in, now == null ? claim : now.relocation(), findings);
        }
        ResolvePayload done = carryOut(caller, task, claim, findings);
        if (!done.errors().isEmpty() && done.resolution() == null) {
            // the operation refused before writing anything: withdraw the claim, nothing resolved
            store.delete(resolutionId);
            audit.record(caller, action, task.id(), "REJECTED", in);
            return done;
        }
        audit.record(caller, action, task.id(), "OK", outcome(done.resolution()));
        return done;
    }

    /** A resolution exists: the same one again finishes it (a retry after a crash); another one is refused. */
    private ResolvePayload again(Caller caller, String action, Task task, ResolveInput in, Relocation existing, List<RelocationStore.Versioned> findings) {
        boolean same = existing.resolution().equals(in.resolution())
                && (!"REASSIGN".equals(in.resolution()) || in.newRegionCode() == null || in.newRegionCode().strip().equals(existing.regionCode()));
        boolean complete = findings.stream().allMatch(f -> Relocation.RESOLVED.equals(f.relocation().status()));
        if (same && !complete) {
            ResolvePayload done = carryOut(caller, task, existing, findings);
            Map<String, Object> outcome = outcome(done.resolution() == null ? existing : done.resolution());
            outcome.put("resumed", true);
            audit.record(caller, action, task.id(), done.errors().isEmpty() ? "OK" : "REJECTED", outcome);
            return done;
        }
        audit.record(caller, action, task.id(), "REJECTED", in);
        List<Relocation> current = store.findings(task.id(), in.subjectCode()).stream().map(RelocationStore.Versioned::relocation).toList();
        return new ResolvePayload(existing, current, List.of(), List.of(), null, List.of(UserError.of("ALREADY_RESOLVED",
                "the findings on subject " + in.subjectCode() + " in task " + task.id() + " were resolved by " + existing.resolution()
                        + (existing.regionCode() == null ? "" : " to " + existing.regionCode()) + " (" + existing.resolvedBy() + ", "
                        + existing.resolvedAt() + "); a subject is resolved once", "input", "resolution")));
    }

    /** Moves or substitutes as the resolution says, then closes the findings; every step idempotent. */
    private ResolvePayload carryOut(Caller caller, Task task, Relocation resolution, List<RelocationStore.Versioned> findings) {
        String evidence = findings.stream().map(f -> f.relocation().id()).toList().toString();
        Relocation done;
        List<DrawStore.Assignment> assignments = new ArrayList<>();
        List<RelocationMoves.DepartmentMove> moved = List.of();
        SubstitutionRecord substitution = null;
        if ("REASSIGN".equals(resolution.resolution())) {
            moved = moves.moveAll(caller, task.id(), resolution.subjectCode(), resolution.regionCode(),
                    resolution.reason() + " (on-site finding " + evidence + ")");
            if (moved.stream().anyMatch(m -> "CONFLICT".equals(m.outcome()))) {
                return new ResolvePayload(resolution, List.of(), List.of(), moved, null, List.of(UserError.of("CONFLICT",
                        "the subject was moved concurrently; call again with the same resolution to finish", "input", "subjectCode")));
            }
            moved.stream().map(RelocationMoves.DepartmentMove::assignment).filter(Objects::nonNull).forEach(assignments::add);
            done = resolution.withRecords(moved.stream().map(RelocationMoves.DepartmentMove::amendment).filter(Objects::nonNull)
                    .map(r -> r.id()).toList(), null);
        } else {
            InspectorDrawService.SubstitutionPayload sub = draws.substitute(caller, new InspectorDrawService.SubstituteInput(task.id(),
                    resolution.subjectCode(), resolution.reason() + " (on-site finding " + evidence + ")"), true);
            boolean alreadyDone = sub.errors().stream().anyMatch(e -> "CONFLICT".equals(e.code())) && sub.substitution() != null;
            if (!sub.errors().isEmpty() && !alreadyDone) {
                return new ResolvePayload(null, List.of(), List.of(), List.of(), null, sub.errors());
            }
            substitution = sub.substitution();
            assignments.addAll(sub.assignments());
            done = resolution.withRecords(List.of(substitution.id()), substitution.substitute() == null ? null : substitution.substitute().code());
        }
        RelocationStore.Versioned stored = store.get(resolution.id());
        if (stored != null && !stored.relocation().equals(done)) {
            store.replace(stored, done);
        }
        List<Relocation> closed = new ArrayList<>();
        for (RelocationStore.Versioned f : findings) {
            RelocationStore.Versioned current = f;
            for (int attempt = 0; attempt < RETRIES; attempt++) {
                Relocation next = current.relocation().resolvedBy(done);
                if (next.equals(current.relocation()) || store.replace(current, next)) {
                    closed.add(next);
                    break;
                }
                current = store.get(f.relocation().id());
            }
        }
        return new ResolvePayload(done, closed, assignments, moved, substitution, List.of());
    }

    private static Map<String, Object> outcome(Relocation r) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resolutionId", r.id());
        outcome.put("subjectCode", r.subjectCode());
        outcome.put("resolution", r.resolution());
        outcome.put("regionCode", r.regionCode());
        outcome.put("records", r.records());
        outcome.put("substitute", r.substitute());
        outcome.put("reason", r.reason());
        return outcome;
    }

    private ResolvePayload reject(Caller caller, String action, Task task, Object in, String code, String message, String... field) {
        audit.record(caller, action, task.id(), "REJECTED", in);
        return ResolvePayload.refused(code, message, field);
    }
}
