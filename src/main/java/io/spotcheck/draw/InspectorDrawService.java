package io.spotcheck.draw;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.department.Jurisdiction;
import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.item.ItemStore;
import io.spotcheck.privacy.PersonNaming;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskLifecycle;
import io.spotcheck.task.TaskService;
import io.spotcheck.task.TaskStatus;
import io.spotcheck.task.TaskStore;
import io.spotcheck.api.UserError;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import io.spotcheck.scope.DrawMember;

/**
 * Inspector draws per department, reassignment of subjects whose jurisdiction changed, and
 * substitutes for subjects that left the district. Every step first writes its immutable record
 * under a deterministic id (op_type=create: the same step twice gets CONFLICT), then brings the
 * assignments in line with the record; the second part is idempotent and re-run whenever the
 * record is found already written, so a crash in between heals on the next attempt.
 */
@Service
public class InspectorDrawService {

    /** States in which a subject may still be moved: grouped, drawn, or being inspected. */
    static final Set<TaskStatus> MOVABLE = EnumSet.of(TaskStatus.GROUPED, TaskStatus.INSPECTORS_DRAWN, TaskStatus.IN_PROGRESS);

    private final TaskService tasks;
    private final DrawStore draws;
    private final InspectorDrawStore store;
    private final InspectorDirectory inspectors;
    private final DepartmentDirectory departments;
    private final ItemStore items;
    private final ScopeStore scopes;
    private final AuditLog audit;

    private final DrawGuard guard;

    public InspectorDrawService(TaskService tasks, DrawStore draws, InspectorDrawStore store, InspectorDirectory inspectors,
                                DepartmentDirectory departments, ItemStore items, ScopeStore scopes, AuditLog audit, DrawGuard guard) {
        this.guard = guard;
        this.tasks = tasks;
        this.draws = draws;
        this.store = store;
        this.inspectors = inspectors;
        this.departments = departments;
        this.items = items;
        this.scopes = scopes;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ the department's draw

    public record DrawInspectorsInput(String taskId, String department, Integer perSubject, LocalDate inspectionFrom, LocalDate inspectionTo,
                                      String publicValue) {}

    public record InspectorDrawPayload(InspectorDrawRecord record, Task task, List<UserError> errors) {
        static InspectorDrawPayload error(Task task, String code, String message, String... field) {
            return new InspectorDrawPayload(null, task, List.of(UserError.of(code, message, field)));
        }
    }

    public InspectorDrawPayload drawInspectors(Caller caller, DrawInspectorsInput in) {
        String action = "draw.inspectors";
        String dept = in.department();
        requireOwnDepartment(caller, in.taskId(), dept, action, in);
        Task task = task(in.taskId());
        requirePart(caller, task, dept, action, in);
        String id = InspectorDrawRecord.idFor(task.id(), dept);
        InspectorDrawRecord existing = store.record(id);
        if (existing != null) {
            apply(existing);
            Task now = completeIfAllDrawn(task.id());
            audit.record(caller, action, task.id(), "CONFLICT", in);
            return InspectorDrawPayload.error(now, "CONFLICT", "department " + dept + " has drawn its inspectors for task " + task.id()
                    + " already: see " + id);
        }
        if (task.status() != TaskStatus.GROUPED) {
            audit.record(caller, action, task.id(), "REJECTED", in);
            return InspectorDrawPayload.error(task, "INVALID_STATE",
                    TaskLifecycle.refusal(task.status(), TaskStatus.INSPECTORS_DRAWN, TaskLifecycle.Trigger.DRAW_INSPECTORS));
        }
        int k = in.perSubject() == null ? 2 : in.perSubject();
        if (k < 2 || k > 20) {
            return InspectorDrawPayload.error(task, "INVALID_PER_SUBJECT", "between 2 and 20 inspectors per subject", "input", "perSubject");
        }
        if (in.inspectionFrom() == null || in.inspectionTo() == null || in.inspectionTo().isBefore(in.inspectionFrom())) {
            return InspectorDrawPayload.error(task, "INVALID_DATES", "the inspection window ends before it starts", "input", "inspectionTo");
        }
        if (in.publicValue() != null && (in.publicValue().isBlank() || in.publicValue().length() > 500)) {
            return InspectorDrawPayload.error(task, "INVALID_PUBLIC_VALUE", "a public value has 1 to 500 characters", "input", "publicValue");
        }
        DrawRecord subjectDraw = draws.recordReadAsUsed(DrawRecord.idFor(task.id()));
        if (subjectDraw == null) {
            return InspectorDrawPayload.error(task, "INVALID_STATE", "task " + task.id() + " has no subject draw");
        }
        String seed = InspectorDrawSeed.forDepartment(subjectDraw.seed(), task.id(), dept, in.publicValue());
        Set<String> qualifications = QualificationMap.required(items.get(task.part(dept).itemCodes()).values());
        List<DrawStore.Assignment> active = draws.assignments(task.id(), dept).stream().filter(DrawStore.Assignment::isActive).toList();
        Set<String> agencies = new TreeSet<>();
        active.stream().map(DrawStore.Assignment::agency).filter(Objects::nonNull).forEach(agencies::add);
        List<Inspector> pool = inspectors.eligibleCandidates(dept, agencies);
        Map<String, Set<String>> last = store.lastInspectors(dept, active.stream().map(DrawStore.Assignment::subjectCode).toList(), task.id());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        InspectorDrawPlanner.Plan plan = InspectorDrawPlanner.plan(dept, active, pool, last,
                kinds(subjectDraw, task.id(), active.stream().map(DrawStore.Assignment::subjectCode).collect(java.util.stream.Collectors.toSet())),
                keys(subjectDraw, task.id()), qualifications, in.inspectionFrom(), in.inspectionTo(), k,
                now.atZoneSameInstant(InspectorDirectory.ZONE).getYear());
        DrawResult result = InspectorDrawPlanner.draw(seed, plan);
        InspectorDrawRecord record = new InspectorDrawRecord(id, InspectorDrawRecord.DRAW, task.id(), dept, subjectDraw.id(), plan.algorithm(),
                seed, InspectorDrawSeed.describeDepartment(in.publicValue() != null), in.publicValue(), in.inspectionFrom(), in.inspectionTo(), k,
                List.copyOf(qualifications), plan.groups(), plan.candidates(), plan.candidateDigest(), plan.candidates().size(),
                InspectorDrawPlanner.picks(result, plan), InspectorDrawPlanner.unstaffed(result, plan), plan.uncovered(),
                result.digest(), null, caller.id(), caller.department(), now);
        if (!store.create(record)) {
            audit.record(caller, action, task.id(), "CONFLICT", in);
            return InspectorDrawPayload.error(task, "CONFLICT", "department " + dept + " drew concurrently: see " + id);
        }
        apply(record);
        Task after = completeIfAllDrawn(task.id());
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("drawId", id);
        outcome.put("department", dept);
        outcome.put("seed", seed);
        outcome.put("candidateDigest", plan.candidateDigest());
        outcome.put("resultDigest", result.digest());
        outcome.put("staffed", record.picks().size());
        outcome.put("unstaffed", record.unstaffed().size());
        outcome.put("uncovered", record.uncovered().size());
        audit.record(caller, action, task.id(), "OK", outcome);
        return new InspectorDrawPayload(record, after, List.of());
    }

    /** Brings the department's assignments in line with its draw record; idempotent. */
    void apply(InspectorDrawRecord record) {
        if (!InspectorDrawRecord.DRAW.equals(record.kind())) {
            return;
        }
        Set<String> inRecord = new HashSet<>();
        record.groups().forEach(g -> g.subjects().forEach(s -> inRecord.add(s.code())));
        record.uncovered().forEach(u -> inRecord.add(u.subjectCode()));
        OffsetDateTime at = record.drawnAt();
        List<DrawStore.Assignment> changed = new ArrayList<>();
        for (DrawStore.Assignment a : draws.assignments(record.taskId(), record.department())) {
            if (!a.isActive() || a.inspectorDrawId() != null || !inRecord.contains(a.subjectCode())) {
                continue;
            }
            changed.add(staffedBy(a, record, at));
        }
        draws.writeAssignments(changed);
        inspectors.recordDraw(record.id(), drawsPerInspector(record), at.toInstant());
    }

    private static DrawStore.Assignment staffedBy(DrawStore.Assignment a, InspectorDrawRecord record, OffsetDateTime at) {
        InspectorDrawRecord.Pick pick = record.pickOf(a.subjectCode());
        if (pick != null) {
            return a.staffed(pick.inspectorIds(), record.id(), "STAFFED", null, at);
        }
        InspectorDrawRecord.Unstaffed u = record.unstaffedOf(a.subjectCode());
        String reason = u != null ? u.reason() : "no agency of " + a.department() + " covers jurisdiction " + a.region();
        return a.staffed(List.of(), record.id(), "UNSTAFFED", reason, at);
    }

    private static Map<String, Integer> drawsPerInspector(InspectorDrawRecord record) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        record.picks().forEach(p -> p.inspectorIds().forEach(i -> counts.merge(i, 1, Integer::sum)));
        return counts;
    }

    /** GROUPED → INSPECTORS_DRAWN once every department of the task has its record. */
    Task completeIfAllDrawn(String taskId) {
        Task task = task(taskId);
        if (task.status() != TaskStatus.GROUPED) {
            return task;
        }
        List<String> ids = task.departments().stream().map(d -> InspectorDrawRecord.idFor(taskId, d)).toList();
        if (!store.existing(ids).containsAll(ids)) {
            return task;
        }
        return tasks.advance(taskId, TaskStatus.GROUPED, TaskStatus.INSPECTORS_DRAWN, TaskLifecycle.Trigger.DRAW_INSPECTORS, t -> t);
    }

    // ------------------------------------------------------------------ reassignment

    public record ReassignInput(String taskId, String department, String subjectCode, String reason) {}

    public record ReassignmentPayload(DrawStore.Assignment previous, DrawStore.Assignment assignment, InspectorDrawRecord amendment,
                                      List<UserError> errors) {
        static ReassignmentPayload error(String code, String message, String... field) {
            return new ReassignmentPayload(null, null, null, List.of(UserError.of(code, message, field)));
        }
    }

    public ReassignmentPayload reassign(Caller caller, ReassignInput in) {
        return reassign(caller, in, true);
    }

    /**
     * @param completeAssignments false only in tests: stop right after step (a), the amendment
     *        record, as a crash there would (no assignment written, no workload, no audit)
     */
    ReassignmentPayload reassign(Caller caller, ReassignInput in, boolean completeAssignments) {
        String action = "assignment.reassign";
        // a person named by ID number is refused before the subject is looked up (its answers would tell who exists)
        requireOwnDepartment(caller, in.taskId(), in.department(), action, in, in.subjectCode());
        Task task = task(in.taskId());
        requirePart(caller, task, in.department(), action, in);
        List<DrawStore.Assignment> mine = draws.assignments(task.id(), in.department(), List.of(in.subjectCode()));
        DrawStore.Assignment current = mine.stream().filter(DrawStore.Assignment::isActive).findFirst().orElse(null);
        int lastSeq = mine.stream().map(DrawStore.Assignment::seq).filter(Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0);
        // An amendment on record whose assignments were not (all) written: a crash between the
        // steps. The record holds the decision (new agency, drawn inspectors): finish it, never draw again.
        InspectorDrawRecord interrupted = current == null ? null : interrupted(task.id(), in.department(), in.subjectCode(), lastSeq, current);
        if (interrupted != null) {
            return resume(caller, action, task, in, current, interrupted);
        }
        if (!MOVABLE.contains(task.status())) {
            return reject(caller, action, task, in, "INVALID_STATE", "subjects of a task in " + task.status() + " are not moved");
        }
        if (in.reason() == null || in.reason().isBlank() || in.reason().length() > 500) {
            return reject(caller, action, task, in, "REASON_REQUIRED", "say why the subject moves (1 to 500 characters)", "input", "reason");
        }
        if (current == null) {
            return reject(caller, action, task, in, "NOT_ASSIGNED", "subject " + in.subjectCode() + " has no active assignment of "
                    + in.department() + " in task " + task.id(), "input", "subjectCode");
        }
        DrawMember now = scopes.subjectsByCode(List.of(in.subjectCode())).get(in.subjectCode());
        if (now == null) {
            return reject(caller, action, task, in, "UNKNOWN_SUBJECT", "subject " + in.subjectCode() + " is not in the directory", "input", "subjectCode");
        }
        if (leftDistrict(now)) {
            return reject(caller, action, task, in, "SUBJECT_LEFT_DISTRICT", "subject " + in.subjectCode()
                    + " has left the district; the lead department draws a substitute with substituteSubject", "input", "subjectCode");
        }
        if (now.region().equals(current.region())) {
            ReassignmentPayload done = alreadyReassigned(task.id(), in.department(), in.subjectCode(), lastSeq, mine, current, now);
            if (done != null) {
                audit.record(caller, action, task.id(), "REJECTED", in);
                return done;
            }
            return reject(caller, action, task, in, "JURISDICTION_UNCHANGED", "the directory still places subject " + in.subjectCode()
                    + " in " + current.region(), "input", "subjectCode");
        }
        Department department = departments.departments(List.of(in.department())).get(in.department());
        Department.Agency agency = department == null ? null : department.agencyCovering(now.region());
        if (agency == null) {
            return reject(caller, action, task, in, "NO_AGENCY_COVERS", "no agency of " + in.department() + " covers jurisdiction " + now.region(),
                    "input", "subjectCode");
        }
        if (agency.id().equals(current.agency())) {
            return reject(caller, action, task, in, "SAME_AGENCY", "agency " + agency.id() + " covers both " + current.region() + " and "
                    + now.region() + "; the subject stays where it is", "input", "subjectCode");
        }
        // The current assignment always lives under task:department:subject (what results and phones look up);
        // the one it replaces is kept as history under …:<seq>, REASSIGNED, pointing back.
        int seq = lastSeq + 1;
        String baseId = DrawStore.Assignment.idOf(task.id(), in.department(), in.subjectCode(), 0);
        String historyId = DrawStore.Assignment.idOf(task.id(), in.department(), in.subjectCode(), seq);
        String kind = kindOf(draws.recordReadAsUsed(DrawRecord.idFor(task.id())), task.id(), in.subjectCode());
        // (a) the decision, on record first
        Staffing staffing = staffOne(caller, task, in.department(), in.subjectCode(), kind, agency.id(), seq,
                new InspectorDrawRecord.Amendment("REASSIGNMENT", in.subjectCode(), kind, seq, in.reason(), current.agency(), agency.id(),
                        current.region(), now.region(), historyId, baseId));
        if (staffing == null) {
            audit.record(caller, action, task.id(), "CONFLICT", in);
            return ReassignmentPayload.error("CONFLICT", "subject " + in.subjectCode() + " was reassigned concurrently; reload");
        }
        if (!completeAssignments) {
            return new ReassignmentPayload(null, null, staffing.record(), List.of());
        }
        // (b) and (c), from the record alone, exactly as a retry after a crash would do them
        ReassignmentPayload done = applyReassignment(staffing.record(), current);
        audit.record(caller, action, task.id(), "OK", reassignOutcome(staffing.record(), false));
        return done;
    }

    /**
     * The REASSIGNMENT amendment of this subject whose assignments are not all written, or null:
     * the record for the next sequence number exists although no history copy has it (crash
     * before the assignment writes), or the latest history copy exists but the current assignment
     * does not point back to it (crash between the two writes).
     */
    InspectorDrawRecord interrupted(String taskId, String dept, String subjectCode, int lastSeq, DrawStore.Assignment current) {
        InspectorDrawRecord next = store.record(InspectorDrawRecord.amendmentIdFor(taskId, dept, subjectCode, lastSeq + 1));
        if (isMove(next)) {
            return next;
        }
        if (lastSeq >= 1 && !DrawStore.Assignment.idOf(taskId, dept, subjectCode, lastSeq).equals(current.replaces())) {
            InspectorDrawRecord last = store.record(InspectorDrawRecord.amendmentIdFor(taskId, dept, subjectCode, lastSeq));
            if (isMove(last)) {
                return last;
            }
        }
        return null;
    }

    /** Amendment causes that move a department's assignment (history copy + current one replaced). */
    static final Set<String> MOVES = Set.of("REASSIGNMENT", "HANDOVER", "RELOCATION");

    static boolean isMove(InspectorDrawRecord record) {
        return record != null && record.amendment() != null && MOVES.contains(record.amendment().cause());
    }

    private static boolean isReassignment(InspectorDrawRecord record) {
        return record != null && record.amendment() != null && "REASSIGNMENT".equals(record.amendment().cause());
    }

    /** Finishes an interrupted reassignment from its record; audited OK as the completion it is. */
    private ReassignmentPayload resume(Caller caller, String action, Task task, ReassignInput in, DrawStore.Assignment current,
                                       InspectorDrawRecord record) {
        ReassignmentPayload done = applyReassignment(record, current);
        audit.record(caller, action, task.id(), "OK", reassignOutcome(record, true));
        DrawMember now = scopes.subjectsByCode(List.of(in.subjectCode())).get(in.subjectCode());
        InspectorDrawRecord.Amendment am = record.amendment();
        if (now != null && am.toRegion().equals(now.region()) && !leftDistrict(now)) {
            return done; // the retry of the very move on record: it is done now
        }
        // The directory changed again since: the recorded move is finished first (it was decided and
        // published); the caller sees where the subject is now and may move it on.
        return new ReassignmentPayload(done.previous(), done.assignment(), record, List.of(UserError.of("INTERRUPTED_REASSIGNMENT_COMPLETED",
                "an interrupted reassignment of subject " + in.subjectCode() + " to " + am.toAgency() + " (" + am.toRegion() + ", " + record.id()
                        + ") was completed first; the directory now places it in " + (now == null ? "no jurisdiction" : now.region())
                        + ": call again to move it on", "input", "subjectCode")));
    }

    /**
     * A repeat of a reassignment that is complete: the current assignment came from the latest
     * REASSIGNMENT amendment, into the jurisdiction the directory shows now. Answers the completed
     * move with ALREADY_REASSIGNED; null when that is not the case.
     */
    private ReassignmentPayload alreadyReassigned(String taskId, String dept, String subjectCode, int lastSeq, List<DrawStore.Assignment> mine,
                                                  DrawStore.Assignment current, DrawMember now) {
        if (lastSeq < 1) {
            return null;
        }
        String historyId = DrawStore.Assignment.idOf(taskId, dept, subjectCode, lastSeq);
        InspectorDrawRecord record = store.record(InspectorDrawRecord.amendmentIdFor(taskId, dept, subjectCode, lastSeq));
        if (!historyId.equals(current.replaces()) || !isReassignment(record) || !now.region().equals(record.amendment().toRegion())) {
            return null;
        }
        DrawStore.Assignment previous = mine.stream().filter(a -> a.id().equals(historyId)).findFirst().orElse(null);
        return new ReassignmentPayload(previous, current, record, List.of(UserError.of("ALREADY_REASSIGNED", "subject " + subjectCode
                + " has been reassigned to " + record.amendment().toAgency() + " (" + now.region() + ") already: see " + record.id(),
                "input", "subjectCode")));
    }

    /**
     * Steps (b) and (c) of a reassignment, from its amendment record alone (idempotent): the old
     * assignment copied to its history id as REASSIGNED, then the current id replaced by the new
     * agency's ACTIVE assignment with the recorded inspectors, then the workload (once per record).
     */
    ReassignmentPayload applyReassignment(InspectorDrawRecord record, DrawStore.Assignment current) {
        InspectorDrawRecord.Amendment am = record.amendment();
        OffsetDateTime at = record.drawnAt();
        String baseId = DrawStore.Assignment.idOf(record.taskId(), record.department(), am.subjectCode(), 0);
        String historyId = DrawStore.Assignment.idOf(record.taskId(), record.department(), am.subjectCode(), am.seq());
        DrawStore.Assignment retired = current.withSeq(am.seq()).retired(DrawStore.Assignment.REASSIGNED, baseId, am.reason(), at);
        DrawStore.Assignment moved = new DrawStore.Assignment(record.taskId(), record.department(), am.toAgency(), am.subjectCode(),
                am.toRegion(), current.stratum(), "ASSIGNED", at, DrawStore.Assignment.ACTIVE, 0, List.of(), null, null, null, historyId, null,
                am.reason(), at);
        Staffing staffing = new Staffing(record);
        moved = staffing.applyTo(moved, at);
        // History first, then the current one in place: at every moment the subject is ACTIVE in exactly one place.
        draws.writeAssignments(List.of(retired));
        draws.writeAssignments(List.of(moved));
        staffing.countWorkload(inspectors);
        return new ReassignmentPayload(retired, moved, record, List.of());
    }

    private static Map<String, Object> reassignOutcome(InspectorDrawRecord record, boolean resumed) {
        InspectorDrawRecord.Amendment am = record.amendment();
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("subjectCode", am.subjectCode());
        outcome.put("department", record.department());
        outcome.put("from", String.valueOf(am.fromAgency()));
        outcome.put("to", am.toAgency());
        outcome.put("amendmentId", record.id());
        outcome.put("reason", am.reason());
        if (resumed) {
            outcome.put("resumed", true); // completed an interrupted reassignment from its record
        }
        return outcome;
    }

    /**
     * The amendment record for one subject moving into one agency: a fresh seeded draw there when
     * the department has drawn already (same window, count and qualifications as its draw),
     * otherwise just the move (the department's own draw will staff it). Null on CONFLICT.
     */
    Staffing staffOne(Caller caller, Task task, String dept, String subjectCode, String kind, String agency, int seq,
                      InspectorDrawRecord.Amendment amendment) {
        InspectorDrawRecord record = amendmentRecord(caller, task, dept, subjectCode, kind, agency, seq, amendment);
        return store.create(record) ? new Staffing(record) : null;
    }

    /** The subject's public member key (docs/DRAW-ALGORITHM.md): its code unless it is a natural person. */
    private String publicKey(String subjectCode) {
        DrawMember member = scopes.subjectsByCode(List.of(subjectCode)).get(subjectCode);
        return member == null ? subjectCode : member.code();
    }

    /** The amendment record {@link #staffOne} writes, computed but not written (a dry run tells whether anybody is eligible). */
    InspectorDrawRecord amendmentRecord(Caller caller, Task task, String dept, String subjectCode, String kind, String agency, int seq,
                                        InspectorDrawRecord.Amendment amendment) {
        String id = InspectorDrawRecord.amendmentIdFor(task.id(), dept, subjectCode, seq);
        InspectorDrawRecord deptDraw = store.record(InspectorDrawRecord.idFor(task.id(), dept));
        DrawRecord subjectDraw = draws.recordReadAsUsed(DrawRecord.idFor(task.id()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        InspectorDrawRecord record;
        if (deptDraw == null) {
            record = new InspectorDrawRecord(id, InspectorDrawRecord.AMENDMENT, task.id(), dept, subjectDraw.id(), null, null, null, null,
                    null, null, null, List.of(), List.of(), List.of(), null, 0, List.of(), List.of(), List.of(), null, amendment,
                    caller.id(), caller.department(), now);
        } else {
            String key = publicKey(subjectCode);
            String seed = InspectorDrawSeed.forAmendment(subjectDraw.seed(), task.id(), dept, key, seq, deptDraw.publicValue());
            DrawStore.Assignment probe = DrawStore.Assignment.grouped(task.id(), dept, agency, subjectCode, amendment.toRegion(), null, "ASSIGNED", now);
            InspectorDrawPlanner.Plan plan = InspectorDrawPlanner.plan(dept, List.of(probe), inspectors.eligibleCandidates(dept, List.of(agency)),
                    store.lastInspectors(dept, List.of(subjectCode), task.id()), kind == null ? Map.of() : Map.of(subjectCode, kind),
                    Map.of(subjectCode, key), Set.copyOf(deptDraw.requiredQualifications()), deptDraw.inspectionFrom(), deptDraw.inspectionTo(),
                    deptDraw.perSubject(), now.atZoneSameInstant(InspectorDirectory.ZONE).getYear());
            DrawResult result = InspectorDrawPlanner.draw(seed, plan);
            record = new InspectorDrawRecord(id, InspectorDrawRecord.AMENDMENT, task.id(), dept, subjectDraw.id(), plan.algorithm(), seed,
                    InspectorDrawSeed.describeAmendment(deptDraw.publicValue() != null), deptDraw.publicValue(), deptDraw.inspectionFrom(),
                    deptDraw.inspectionTo(), deptDraw.perSubject(), deptDraw.requiredQualifications(), plan.groups(), plan.candidates(),
                    plan.candidateDigest(), plan.candidates().size(), InspectorDrawPlanner.picks(result, plan),
                    InspectorDrawPlanner.unstaffed(result, plan), List.of(), result.digest(), amendment, caller.id(), caller.department(), now);
        }
        return record;
    }

    /** An amendment record and what it means for the assignment it creates. */
    record Staffing(InspectorDrawRecord record) {
        DrawStore.Assignment applyTo(DrawStore.Assignment a, OffsetDateTime at) {
            return record.hasDraw() ? staffedBy(a, record, at) : a;
        }

        void countWorkload(InspectorDirectory inspectors) {
            if (record.hasDraw() && !record.picks().isEmpty()) {
                inspectors.recordDraw(record.id(), drawsPerInspector(record), record.drawnAt().toInstant());
            }
        }
    }

    private ReassignmentPayload reject(Caller caller, String action, Task task, Object in, String code, String message, String... field) {
        audit.record(caller, action, task.id(), "REJECTED", in);
        return ReassignmentPayload.error(code, message, field);
    }

    /** Left the district: moved out (迁出), or its jurisdiction is none of the district's. */
    boolean leftDistrict(DrawMember subject) {
        if ("MOVED_OUT".equals(subject.status())) {
            return true;
        }
        return departments.allJurisdictions().stream().map(Jurisdiction::code).noneMatch(subject.region()::equals);
    }

    // ------------------------------------------------------------------ substitutes

    public record SubstituteInput(String taskId, String subjectCode, String reason) {}

    public record SubstitutionPayload(SubstitutionRecord substitution, List<DrawStore.Assignment> assignments, List<UserError> errors) {
        static SubstitutionPayload error(String code, String message, String... field) {
            return new SubstitutionPayload(null, List.of(), List.of(UserError.of(code, message, field)));
        }
    }

    public SubstitutionPayload substitute(Caller caller, SubstituteInput in) {
        return substitute(caller, in, false);
    }

    /**
     * @param onSiteFinding true when an inspector's on-site 迁出 finding is the evidence that the
     *        subject left (resolveRelocation): it stands even though the directory still places the
     *        subject in the district
     */
    public SubstitutionPayload substitute(Caller caller, SubstituteInput in, boolean onSiteFinding) {
        String action = "draw.substitute";
        // the role, and a person named by a caller who may not, before the task is looked up: NOT_FOUND against
        // FORBIDDEN would tell which tasks exist; before the subject is: NOT_DRAWN, SUBJECT_IN_DISTRICT and CONFLICT
        // would tell who exists
        requireWriter(caller, in.taskId(), action, in);
        try {
            PersonNaming.require(caller, in.subjectCode());
        } catch (SpotcheckException e) {
            audit.record(caller, action, in.taskId(), "FORBIDDEN", in);
            throw e;
        }
        Task task = task(in.taskId());
        try {
            tasks.requireLead(caller, task);
        } catch (SpotcheckException e) {
            audit.record(caller, action, task.id(), "FORBIDDEN", in);
            throw e;
        }
        if (!MOVABLE.contains(task.status())) {
            return rejectSub(caller, action, task, in, "INVALID_STATE", "subjects of a task in " + task.status() + " are not substituted");
        }
        if (in.reason() == null || in.reason().isBlank() || in.reason().length() > 500) {
            return rejectSub(caller, action, task, in, "REASON_REQUIRED", "say why (1 to 500 characters)", "input", "reason");
        }
        String id = SubstitutionRecord.idFor(task.id(), in.subjectCode());
        SubstitutionRecord existing = store.substitution(id);
        if (existing != null) {
            // the retrying caller finishes what a crash left: missing staffing amendments drawn (once), assignments written
            applySubstitution(existing, caller);
            audit.record(caller, action, task.id(), "CONFLICT", in);
            return new SubstitutionPayload(existing, List.of(), List.of(UserError.of("CONFLICT", "subject " + in.subjectCode()
                    + " has been substituted already: see " + id)));
        }
        // One substitution of a task at a time: each takes its place in the chain after the ones before it.
        DrawGuard.Attempt attempt = guard.tryAcquire("substitution:" + task.id());
        if (attempt.lease() == null) {
            audit.record(caller, action, task.id(), "CONFLICT", in);
            return SubstitutionPayload.error("CONFLICT", "another substitution of task " + task.id() + " is being computed; try again shortly");
        }
        try (DrawGuard.Lease lease = attempt.lease()) {
            if (store.substitution(id) != null) {
                audit.record(caller, action, task.id(), "CONFLICT", in);
                return SubstitutionPayload.error("CONFLICT", "subject " + in.subjectCode() + " has been substituted already: see " + id);
            }
            return substituteOnce(caller, action, task, in, id, onSiteFinding);
        }
    }

    private SubstitutionPayload substituteOnce(Caller caller, String action, Task task, SubstituteInput in, String id,
            boolean onSiteFinding) {
        DrawRecord subjectDraw = draws.recordReadAsUsed(DrawRecord.idFor(task.id()));
        List<SubstitutionRecord> earlier = store.substitutions(task.id());
        SubjectDrawAlgorithm.Selected drawn = subjectDraw.selected().stream().filter(s -> s.code().equals(in.subjectCode())).findFirst()
                .orElseGet(() -> earlier.stream().map(SubstitutionRecord::substitute).filter(Objects::nonNull)
                        .filter(s -> s.code().equals(in.subjectCode())).findFirst().orElse(null));
        if (drawn == null) {
            return rejectSub(caller, action, task, in, "NOT_DRAWN", "subject " + in.subjectCode() + " was not drawn in task " + task.id(),
                    "input", "subjectCode");
        }
        DrawMember now = scopes.subjectsByCode(List.of(in.subjectCode())).get(in.subjectCode());
        if (now != null && !leftDistrict(now) && !onSiteFinding) {
            return rejectSub(caller, action, task, in, "SUBJECT_IN_DISTRICT", "subject " + in.subjectCode() + " is still in the district ("
                    + now.region() + ", " + now.status() + "); reassign it instead, or, when an inspector found it moved out on site, "
                    + "resolve that finding with resolveRelocation", "input", "subjectCode");
        }
        Scope scope = scopes.get(subjectDraw.scopeId());
        List<String> prior;
        SubjectDrawAlgorithm.Selected substitute;
        String[] basis = null;
        List<PublicDraw.Skipped> skipped = null;
        Integer seq = null;
        if (subjectDraw.isVersion2()) {
            List<SubstitutionRecord> chain = earlier.stream().filter(SubstitutionRecord::isVersion2)
                    .sorted(java.util.Comparator.comparing(SubstitutionRecord::seq)).toList();
            // Neither the drawn list nor the exclusions are held (a province's draw has hundreds of
            // thousands of the one and millions of the other): the drawn are told from their rank and the
            // excluded from the draw's rules, member by member; the chain's own members are few.
            DrawnMembers drawnMembers = new DrawnMembers(subjectDraw.selected(), Set.of(drawn.key()));
            SubjectDrawAlgorithm.Spec exclusionRules = exclusionRules(subjectDraw);
            Set<String> unavailable = new HashSet<>();
            Map<String, String[]> basisOf = new HashMap<>();
            SubjectDrawAlgorithm.Selected drawnEntry = drawnMembers.get(drawn.key());
            if (drawnEntry != null) {
                basisOf.put(drawn.key(), DrawnMembers.basisOf(drawnEntry));
            }
            prior = new ArrayList<>();
            for (SubstitutionRecord r : chain) {
                if (r.skipped() != null) {
                    r.skipped().forEach(k -> unavailable.add(k.key()));
                }
                if (r.substitute() != null) {
                    unavailable.add(r.substitute().key());
                    basisOf.put(r.substitute().key(), new String[] {r.basis(), r.basisValue()});
                    prior.add(r.substitute().key());
                }
            }
            basis = basisOf.get(drawn.key());
            seq = chain.size() + 1;
            skipped = new ArrayList<>();
            substitute = nextInDirectory(scope, subjectDraw, basis, (m, rank) -> SubjectDrawAlgorithm.exclusionReason(m, exclusionRules) != null
                    || unavailable.contains(m.code()) || drawnMembers.contains(m, rank), unavailable, skipped);
        } else {
            prior = earlier.stream().map(SubstitutionRecord::substitute).filter(Objects::nonNull).map(SubjectDrawAlgorithm.Selected::code)
                    .sorted().toList();
            substitute = Substitute.pick(scopes.snapshot(scope.id(), scope.chunkCount()), subjectDraw.seed(), drawn.stratum(),
                    taken(subjectDraw, prior));
        }
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> staffing = new ArrayList<>();
        Map<String, Department> depts = departments.departments(task.departments());
        if (substitute != null) {
            for (String dept : task.departments()) {
                Department.Agency agency = depts.get(dept).agencyCovering(substitute.region());
                if (agency != null && store.record(InspectorDrawRecord.idFor(task.id(), dept)) != null) {
                    staffing.add(InspectorDrawRecord.amendmentIdFor(task.id(), dept, substitute.code(), 0));
                }
            }
        }
        SubstitutionRecord record = new SubstitutionRecord(id, task.id(), subjectDraw.id(),
                subjectDraw.isVersion2() ? Substitute.VERSION_2 : Substitute.VERSION, subjectDraw.seed(), scope.id(),
                subjectDraw.scopeDigest(), in.subjectCode(), drawn.kind(), drawn.stratum(), in.reason(), List.copyOf(prior), substitute, staffing,
                caller.id(), caller.department(), at, seq, subjectDraw.isVersion2() ? drawn.key() : null, basis == null ? null : basis[0],
                basis == null ? null : basis[1], skipped);
        if (!store.create(record)) {
            audit.record(caller, action, task.id(), "CONFLICT", in);
            return SubstitutionPayload.error("CONFLICT", "subject " + in.subjectCode() + " was substituted concurrently: see " + id);
        }
        List<DrawStore.Assignment> written = applySubstitution(record, caller);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("substitutionId", id);
        outcome.put("movedOut", in.subjectCode());
        outcome.put("substitute", substitute == null ? null : substitute.code());
        outcome.put("rank", substitute == null ? null : substitute.rank());
        outcome.put("reason", in.reason());
        audit.record(caller, action, task.id(), "OK", outcome);
        return new SubstitutionPayload(record, written, List.of());
    }

    /**
     * Version 2: the lowest-ranked member of the basis (stratum or region) not yet unavailable whose
     * status in the directory now is not excluded; those passed over are added to {@code skipped}
     * in rank order. Candidates are read sixteen at a time, their statuses in one request.
     */
    private SubjectDrawAlgorithm.Selected nextInDirectory(Scope scope, DrawRecord subjectDraw, String[] basis, Substitute.Unavailable unavailable,
                                                          Set<String> passedOver, List<PublicDraw.Skipped> skipped) {
        Iterable<DrawMember> snapshot = scopes.snapshot(scope.id(), scope.chunkCount());
        Set<String> excluded = Set.copyOf(subjectDraw.excludedStatuses());
        while (true) {
            List<SubjectDrawAlgorithm.Selected> candidates = Substitute.candidates(snapshot, subjectDraw.seed(), basis[0], basis[1], unavailable, 16);
            if (candidates.isEmpty()) {
                return null;
            }
            Map<String, DrawMember> now = scopes.subjectsByCode(candidates.stream().map(SubjectDrawAlgorithm.Selected::code).toList());
            for (SubjectDrawAlgorithm.Selected c : candidates) {
                DrawMember current = now.get(c.code());
                if (current != null && excluded.contains(current.status())) {
                    skipped.add(new PublicDraw.Skipped(c.key(), current.status()));
                    passedOver.add(c.key());
                    continue;
                }
                return c;
            }
        }
    }

    /**
     * The draw's exclusion rules as its record states them — statuses, targeted kinds, and the external
     * exclusions (few, each with public evidence) — for {@link SubjectDrawAlgorithm#exclusionReason}: the
     * record's exclusion list, millions of lines in a province, is walked once and not kept.
     */
    private static SubjectDrawAlgorithm.Spec exclusionRules(DrawRecord draw) {
        Map<String, String> external = new HashMap<>();
        for (SubjectDrawAlgorithm.Exclusion e : draw.exclusions()) {
            if (SubjectDrawAlgorithm.isExternal(e.reason())) {
                external.put(e.code(), e.reason());
            }
        }
        return new SubjectDrawAlgorithm.Spec(draw.seed(), SubjectDrawAlgorithm.Mode.valueOf(draw.mode()), draw.ratioBasisPoints(),
                draw.count() == null ? 0 : draw.count(), draw.minPerJurisdiction() == null ? 0 : draw.minPerJurisdiction(),
                draw.excludedStatuses() == null ? Set.of() : Set.copyOf(draw.excludedStatuses()), external,
                draw.targetKinds() == null ? null : Set.copyOf(draw.targetKinds()));
    }

    private static Set<String> taken(DrawRecord subjectDraw, List<String> priorSubstitutes) {
        Set<String> taken = new HashSet<>(subjectDraw.selectedCodes());
        subjectDraw.exclusions().forEach(e -> taken.add(e.code()));
        taken.addAll(priorSubstitutes);
        return taken;
    }

    /** Marks the moved-out subject MOVED_OUT in every department and adds the substitute; idempotent. */
    private List<DrawStore.Assignment> applySubstitution(SubstitutionRecord record, Caller caller) {
        Task task = task(record.taskId());
        Map<String, Department> depts = departments.departments(task.departments());
        SubjectDrawAlgorithm.Selected sub = record.substitute();
        OffsetDateTime at = record.drawnAt();
        List<DrawStore.Assignment> added = new ArrayList<>();
        List<DrawStore.Assignment> retired = new ArrayList<>();
        for (String dept : task.departments()) {
            List<DrawStore.Assignment> all = draws.assignments(task.id(), dept,
                    sub == null ? List.of(record.movedOutCode()) : List.of(record.movedOutCode(), sub.code()));
            DrawStore.Assignment old = all.stream().filter(a -> a.isActive() && a.subjectCode().equals(record.movedOutCode())).findFirst().orElse(null);
            String newId = null;
            if (sub != null) {
                newId = DrawStore.Assignment.idOf(task.id(), dept, sub.code(), 0);
                String wanted = newId;
                boolean present = all.stream().anyMatch(a -> a.id().equals(wanted));
                if (!present) {
                    Department.Agency agency = depts.get(dept).agencyCovering(sub.region());
                    DrawStore.Assignment a = new DrawStore.Assignment(task.id(), dept, agency == null ? null : agency.id(), sub.code(), sub.region(),
                            sub.stratum(), agency == null ? "UNCOVERED" : "ASSIGNED", at, DrawStore.Assignment.ACTIVE, 0, List.of(), null, null, null,
                            old == null ? null : old.id(), null, "substitute for " + record.movedOutCode(), at);
                    String staffingId = InspectorDrawRecord.amendmentIdFor(task.id(), dept, sub.code(), 0);
                    if (record.staffing().contains(staffingId)) {
                        InspectorDrawRecord staffed = store.record(staffingId);
                        if (staffed == null) {
                            // not drawn yet (a crash before this department's amendment): draw it now, once (op_type=create)
                            Staffing s = staffOne(caller, task, dept, sub.code(), sub.kind(), agency.id(), 0,
                                    new InspectorDrawRecord.Amendment("SUBSTITUTE", sub.code(), sub.kind(), 0, record.reason(), null, agency.id(),
                                            null, sub.region(), old == null ? null : old.id(), newId));
                            staffed = s != null ? s.record() : store.record(staffingId);
                        }
                        if (staffed != null) {
                            // counted once per record id, so a retry counts what a crash skipped and nothing twice
                            new Staffing(staffed).countWorkload(inspectors);
                            a = staffedBy(a, staffed, at);
                        }
                    } else if (agency == null && store.record(InspectorDrawRecord.idFor(task.id(), dept)) != null) {
                        a = a.staffed(List.of(), null, "UNSTAFFED", "no agency of " + dept + " covers jurisdiction " + sub.region(), at);
                    }
                    added.add(a);
                }
            }
            if (old != null) {
                retired.add(old.retired(DrawStore.Assignment.MOVED_OUT, newId, record.reason(), at));
            }
        }
        draws.writeAssignments(added);
        draws.writeAssignments(retired);
        List<DrawStore.Assignment> result = new ArrayList<>(added);
        result.addAll(retired);
        return result;
    }

    private SubstitutionPayload rejectSub(Caller caller, String action, Task task, Object in, String code, String message, String... field) {
        audit.record(caller, action, task.id(), "REJECTED", in);
        return SubstitutionPayload.error(code, message, field);
    }

    // ------------------------------------------------------------------ verification

    /** The outcome of recomputing an inspector draw, an amendment or a substitution from its record. */
    public record Verification(String drawId, String verdict, List<String> details, String recomputedDigest, OffsetDateTime checkedAt) {}

    public Verification verify(InspectorDrawRecord record) {
        List<String> details = new ArrayList<>();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        if (!record.hasDraw()) {
            return new Verification(record.id(), "MATCH", List.of("a move without a draw: the department had not drawn yet"), null, at);
        }
        DrawRecord subjectDraw = draws.recordReadAsUsed(record.subjectDrawId());
        if (subjectDraw == null) {
            return new Verification(record.id(), "MISMATCH", List.of("the subject draw " + record.subjectDrawId() + " is missing"), null, at);
        }
        String seed = InspectorDrawRecord.DRAW.equals(record.kind())
                ? InspectorDrawSeed.forDepartment(subjectDraw.seed(), record.taskId(), record.department(), record.publicValue())
                : InspectorDrawSeed.forAmendment(subjectDraw.seed(), record.taskId(), record.department(),
                InspectorDrawSeed.keyed(record.seedDerivation()) ? publicKey(record.amendment().subjectCode()) : record.amendment().subjectCode(),
                record.amendment().seq(), record.publicValue());
        if (!seed.equals(record.seed())) {
            details.add("seed: recorded " + record.seed() + ", recomputed " + seed);
        }
        String candidateDigest = CandidateSnapshot.digest(record.candidates());
        if (!candidateDigest.equals(record.candidateDigest())) {
            details.add("candidate digest: recorded " + record.candidateDigest() + ", snapshots give " + candidateDigest);
        }
        DrawResult result;
        try {
            result = InspectorDraw.draw(record.algorithm() == null ? InspectorDraw.ALGORITHM : record.algorithm(), seed,
                    InspectorDrawPlanner.drawGroups(record.department(), record.groups(), Set.copyOf(record.requiredQualifications()),
                            record.inspectionFrom(), record.inspectionTo(), record.perSubject()),
                    InspectorDrawPlanner.drawCandidates(record.candidates()));
        } catch (IllegalArgumentException e) {
            details.add("the record cannot be recomputed: " + e.getMessage());
            return new Verification(record.id(), "MISMATCH", details, null, at);
        }
        if (!result.digest().equals(record.resultDigest())) {
            details.add("result digest: recorded " + record.resultDigest() + ", recomputed " + result.digest());
        }
        // A keyed record's draw named subjects by their public keys; its picks name them by code.
        Map<String, String> drawnAs = record.drawnAs();
        Map<String, List<String>> recorded = new HashMap<>();
        record.picks().forEach(p -> recorded.put(drawnAs.getOrDefault(p.subjectCode(), p.subjectCode()), p.inspectorIds()));
        Map<String, List<String>> recomputed = new HashMap<>();
        result.assignments().forEach(a -> recomputed.put(a.subjectCode(), a.inspectorIds()));
        if (!recorded.equals(recomputed)) {
            List<String> differ = new TreeSet<>(union(recorded.keySet(), recomputed.keySet())).stream()
                    .filter(c -> !Objects.equals(recorded.get(c), recomputed.get(c))).limit(20).toList();
            details.add("picks differ for: " + differ);
        }
        return new Verification(record.id(), details.isEmpty() ? "MATCH" : "MISMATCH", details, result.digest(), at);
    }

    public Verification verify(SubstitutionRecord record) {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> details = new ArrayList<>();
        DrawRecord subjectDraw = draws.recordReadAsUsed(record.subjectDrawId());
        Scope scope = subjectDraw == null ? null : scopes.get(subjectDraw.scopeId());
        if (scope == null || scope.chunkCount() == null) {
            return new Verification(record.id(), "MISMATCH", List.of("the subject draw or its scope snapshot is missing"), null, at);
        }
        if (!subjectDraw.seed().equals(record.seed())) {
            details.add("seed: recorded " + record.seed() + ", the subject draw's is " + subjectDraw.seed());
        }
        if (record.isVersion2()) {
            // A version 2 substitution stands on the whole chain before it: recomputed from the draw, never from earlier records.
            DrawVerifier.Outcome outcome = DrawVerifier.verifyStored(subjectDraw, store.substitutions(record.taskId()),
                    scopes.snapshot(scope.id(), scope.chunkCount()));
            details.addAll(outcome.differences());
            return new Verification(record.id(), details.isEmpty() ? "MATCH" : "MISMATCH", details,
                    record.substitute() == null ? null : record.substitute().rank(), at);
        }
        SubjectDrawAlgorithm.Selected again = Substitute.pick(scopes.snapshot(scope.id(), scope.chunkCount()), subjectDraw.seed(), record.stratum(),
                taken(subjectDraw, record.priorSubstitutes()));
        String was = record.substitute() == null ? null : record.substitute().code();
        String now = again == null ? null : again.code();
        if (!Objects.equals(was, now)) {
            details.add("substitute: recorded " + was + ", recomputed " + now);
        }
        return new Verification(record.id(), details.isEmpty() ? "MATCH" : "MISMATCH", details, again == null ? null : again.rank(), at);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Public member keys of the task's drawn subjects and substitutes, by code (inspector-draw/2 names
     * subjects by them). A version 1 draw names every member by its code: an organisation's code is its
     * key, a natural person's key is read from the directory (as an amendment's seed reads it), never
     * its ID number; a person the directory does not hold has none here.
     */
    Map<String, String> keys(DrawRecord subjectDraw, String taskId) {
        Map<String, String> keys = new HashMap<>();
        List<String> keyless = new ArrayList<>();
        java.util.function.Consumer<SubjectDrawAlgorithm.Selected> add = s -> {
            if (s.key() != null && !s.key().equals(s.code())) {
                keys.put(s.code(), s.key());
            } else if ("NATURAL_PERSON".equals(s.kind())) {
                keyless.add(s.code());
            } else {
                keys.put(s.code(), s.code());
            }
        };
        if (subjectDraw != null) {
            subjectDraw.selected().forEach(add);
        }
        store.substitutions(taskId).stream().map(SubstitutionRecord::substitute).filter(Objects::nonNull).forEach(add);
        if (!keyless.isEmpty()) {
            scopes.subjectsByCode(keyless).forEach((code, member) -> {
                if (io.spotcheck.subject.PublicKeys.isPersonKey(member.code())) {
                    keys.put(code, member.code());
                }
            });
        }
        return keys;
    }

    /** The substitutes the task's substitutions took (none for a substitution that found nobody). */
    List<SubjectDrawAlgorithm.Selected> substitutesOf(String taskId) {
        return store.substitutions(taskId).stream().map(SubstitutionRecord::substitute).filter(Objects::nonNull).toList();
    }

    /** The kind of one drawn subject or substitute of the task, or null. */
    String kindOf(DrawRecord subjectDraw, String taskId, String subjectCode) {
        return kinds(subjectDraw, taskId, Set.of(subjectCode)).get(subjectCode);
    }

    /**
     * Subject kinds of the given codes among the task's drawn subjects and substitutes (natural persons
     * are masked for the public): one walk of the drawn list (read as used), only the codes asked for kept.
     */
    Map<String, String> kinds(DrawRecord subjectDraw, String taskId, Set<String> codes) {
        Map<String, String> kinds = new HashMap<>();
        if (subjectDraw != null) {
            for (SubjectDrawAlgorithm.Selected s : subjectDraw.selected()) {
                if (codes.contains(s.code())) {
                    kinds.put(s.code(), s.kind());
                }
            }
        }
        substitutesOf(taskId).stream().filter(s -> codes.contains(s.code())).forEach(s -> kinds.put(s.code(), s.kind()));
        return kinds;
    }

    /** A department draws and moves only its own part: its admins and operators, never the lead for a participant. */
    /**
     * Whether the caller may draw and move {@code department}'s part of a task, decided from the caller and
     * the arguments alone, before the task is looked up: NOT_FOUND for a missing task against FORBIDDEN for
     * an existing one would tell a caller who may not act which tasks exist.
     */
    private void requireOwnDepartment(Caller caller, String taskId, String department, String action, Object in, String... subjectCodes) {
        try {
            tasks.requireWriter(caller);
            if (!caller.actsFor(department)) {
                throw SpotcheckException.forbidden("only department " + department + " draws and moves its own part of task " + taskId);
            }
            PersonNaming.require(caller, subjectCodes);
        } catch (SpotcheckException e) {
            audit.record(caller, action, taskId, "FORBIDDEN", in);
            throw e;
        }
    }

    private void requireWriter(Caller caller, String taskId, String action, Object in) {
        try {
            tasks.requireWriter(caller);
        } catch (SpotcheckException e) {
            audit.record(caller, action, taskId, "FORBIDDEN", in);
            throw e;
        }
    }

    private void requirePart(Caller caller, Task task, String department, String action, Object in) {
        if (task.part(department) == null) {
            audit.record(caller, action, task.id(), "BAD_USER_INPUT", in);
            throw SpotcheckException.badInput("department", "department " + department + " takes no part in task " + task.id());
        }
    }

    Task task(String taskId) {
        TaskStore.Versioned read = tasks.get(taskId);
        if (read == null) {
            throw SpotcheckException.notFound("task", taskId);
        }
        return read.task();
    }
}
