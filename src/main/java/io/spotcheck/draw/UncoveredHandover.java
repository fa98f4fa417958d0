package io.spotcheck.draw;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.item.ItemStore;
import io.spotcheck.privacy.PersonNaming;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.api.UserError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Hands a department's subjects that no station of it covers (UNCOVERED), or that its station
 * could not staff (UNSTAFFED), to its bureau (局本级) or another of its agencies: per subject one
 * HANDOVER amendment record — a fresh seeded inspector draw in that agency with the department
 * draw's window, count and qualifications, exactly like a reassignment (docs/INSPECTOR-DRAW.md),
 * or just the move when the department has not drawn yet — then the history copy and the
 * current assignment, now ASSIGNED to that agency, so results can be entered for it.
 */
@Service
public class UncoveredHandover {

    /** At most this many subjects in one call. */
    static final int MAX_SUBJECTS = 1000;

    private final InspectorDrawService service;
    private final InspectorDrawStore store;
    private final DrawStore draws;
    private final DepartmentDirectory departments;
    private final InspectorDirectory inspectors;
    private final ItemStore items;
    private final AuditLog audit;

    public UncoveredHandover(InspectorDrawService service, InspectorDrawStore store, DrawStore draws, DepartmentDirectory departments,
                             InspectorDirectory inspectors, ItemStore items, AuditLog audit) {
        this.service = service;
        this.store = store;
        this.draws = draws;
        this.departments = departments;
        this.inspectors = inspectors;
        this.items = items;
        this.audit = audit;
    }

    public record HandOverInput(String taskId, String department, List<String> subjectCodes, String agency, String reason) {}

    /**
     * @param assignments the subjects' current assignments at the agency (also those handed over by an earlier call)
     * @param amendments the HANDOVER records of this call (and of earlier calls for subjects already handed over)
     * @param alreadyHandedOver subjects an earlier call handed to this agency already (nothing written for them)
     */
    public record HandOverPayload(List<DrawStore.Assignment> assignments, List<InspectorDrawRecord> amendments, List<String> alreadyHandedOver,
                                  List<UserError> errors) {
        static HandOverPayload refused(List<UserError> errors) {
            return new HandOverPayload(List.of(), List.of(), List.of(), errors);
        }
    }

    public HandOverPayload handOver(Caller caller, HandOverInput in) {
        String action = "assignment.handover";
        String dept = in.department();
        // decided from the caller and the arguments before the task is looked up: NOT_FOUND for a missing
        // task against FORBIDDEN for an existing one would tell which tasks exist
        try {
            caller.require("tasks:write", Role.DEPT_ADMIN, Role.DEPT_OPERATOR);
            if (!caller.actsFor(dept)) {
                throw SpotcheckException.forbidden("only department " + dept + " hands over its own subjects of task " + in.taskId());
            }
            // before any subject is looked up: the per-subject answers below would tell who exists
            PersonNaming.require(caller, in.subjectCodes());
        } catch (SpotcheckException e) {
            audit.record(caller, action, in.taskId(), "FORBIDDEN", in);
            throw e;
        }
        Task task = service.task(in.taskId());
        if (task.part(dept) == null) {
            audit.record(caller, action, task.id(), "BAD_USER_INPUT", in);
            throw SpotcheckException.badInput("department", "department " + dept + " takes no part in task " + task.id());
        }
        List<UserError> errors = new ArrayList<>();
        if (!InspectorDrawService.MOVABLE.contains(task.status())) {
            errors.add(UserError.of("INVALID_STATE", "subjects of a task in " + task.status()
                    + " are not handed over (GROUPED, INSPECTORS_DRAWN or IN_PROGRESS)", "input", "taskId"));
        }
        if (in.reason() == null || in.reason().isBlank() || in.reason().length() > 500) {
            errors.add(UserError.of("REASON_REQUIRED", "say why the subjects are handed over (1 to 500 characters)", "input", "reason"));
        }
        List<String> codes = in.subjectCodes() == null ? List.of() : in.subjectCodes();
        if (codes.isEmpty() || codes.size() > MAX_SUBJECTS || new HashSet<>(codes).size() != codes.size()) {
            errors.add(UserError.of("INVALID_SUBJECTS", "name 1 to " + MAX_SUBJECTS + " distinct subjects", "input", "subjectCodes"));
        }
        Department.Agency agency = in.agency() == null ? null : departments.agencies(List.of(in.agency())).get(in.agency());
        if (agency == null) {
            errors.add(UserError.of("UNKNOWN_AGENCY", "no agency " + in.agency() + " exists", "input", "agency"));
        } else if (!dept.equals(agency.department())) {
            errors.add(UserError.of("AGENCY_OF_ANOTHER_DEPARTMENT", "agency " + agency.id() + " belongs to " + agency.department()
                    + "; hand subjects to an agency of " + dept, "input", "agency"));
        }
        if (!errors.isEmpty()) {
            audit.record(caller, action, task.id(), "REJECTED", in);
            return HandOverPayload.refused(errors);
        }

        Map<String, List<DrawStore.Assignment>> bySubject = new HashMap<>();
        Set<String> wanted = Set.copyOf(codes);
        for (DrawStore.Assignment a : draws.assignments(task.id(), dept, wanted)) {
            bySubject.computeIfAbsent(a.subjectCode(), c -> new ArrayList<>()).add(a);
        }
        InspectorDrawRecord deptDraw = store.record(InspectorDrawRecord.idFor(task.id(), dept));
        Map<String, String> kinds = service.kinds(draws.recordReadAsUsed(DrawRecord.idFor(task.id())), task.id(), wanted);
        List<Move> todo = new ArrayList<>();
        List<DrawStore.Assignment> done = new ArrayList<>();
        List<InspectorDrawRecord> doneRecords = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            String[] field = {"input", "subjectCodes", String.valueOf(i)};
            List<DrawStore.Assignment> mine = bySubject.getOrDefault(code, List.of());
            DrawStore.Assignment current = mine.stream().filter(DrawStore.Assignment::isActive).findFirst().orElse(null);
            int lastSeq = mine.stream().map(DrawStore.Assignment::seq).filter(Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0);
            if (current == null) {
                errors.add(UserError.of("NOT_ASSIGNED", "subject " + code + " has no active assignment of " + dept + " in task " + task.id(), field));
                continue;
            }
            InspectorDrawRecord interrupted = service.interrupted(task.id(), dept, code, lastSeq, current);
            if (interrupted != null) {
                // a move on record whose assignments were not written: finish it first, from its record
                InspectorDrawService.ReassignmentPayload finished = service.applyReassignment(interrupted, current);
                current = finished.assignment();
                lastSeq = interrupted.amendment().seq();
            }
            InspectorDrawRecord last = lastSeq < 1 ? null : store.record(InspectorDrawRecord.amendmentIdFor(task.id(), dept, code, lastSeq));
            if (last != null && last.amendment() != null && "HANDOVER".equals(last.amendment().cause()) && agency.id().equals(current.agency())) {
                already.add(code);
                done.add(current);
                doneRecords.add(last);
                continue;
            }
            boolean uncovered = current.agency() == null;
            boolean unstaffed = "UNSTAFFED".equals(current.staffing());
            if (!uncovered && !unstaffed) {
                errors.add(UserError.of("NOT_UNCOVERED", "subject " + code + " is assigned to " + current.agency()
                        + (current.staffing() == null ? "" : " (" + current.staffing() + ")")
                        + "; only uncovered or unstaffed subjects are handed over (reassignSubject moves a subject whose jurisdiction changed)",
                        field));
                continue;
            }
            if (agency.id().equals(current.agency())) {
                errors.add(UserError.of("SAME_AGENCY", "subject " + code + " is at " + agency.id() + " already, unstaffed: "
                        + current.unstaffedReason() + "; hand it to another agency", field));
                continue;
            }
            todo.add(new Move(code, kinds.get(code), current, lastSeq + 1, field));
        }
        if (errors.isEmpty() && !todo.isEmpty()) {
            errors.addAll(staffable(caller, task, dept, agency, deptDraw, todo));
        }
        if (!errors.isEmpty()) {
            audit.record(caller, action, task.id(), "REJECTED", in);
            return HandOverPayload.refused(errors);
        }

        List<DrawStore.Assignment> assignments = new ArrayList<>(done);
        List<InspectorDrawRecord> records = new ArrayList<>(doneRecords);
        List<UserError> conflicts = new ArrayList<>();
        for (Move m : todo) {
            String baseId = DrawStore.Assignment.idOf(task.id(), dept, m.code(), 0);
            String historyId = DrawStore.Assignment.idOf(task.id(), dept, m.code(), m.seq());
            // one at a time, workload counted after each, so the draws spread the agency's work as a department draw does
            InspectorDrawService.Staffing staffing = service.staffOne(caller, task, dept, m.code(), m.kind(), agency.id(), m.seq(),
                    new InspectorDrawRecord.Amendment("HANDOVER", m.code(), m.kind(), m.seq(), in.reason(), m.current().agency(), agency.id(),
                            m.current().region(), m.current().region(), historyId, baseId));
            if (staffing == null) {
                conflicts.add(UserError.of("CONFLICT", "subject " + m.code() + " was moved concurrently; reload and call again", m.field()));
                continue;
            }
            InspectorDrawService.ReassignmentPayload moved = service.applyReassignment(staffing.record(), m.current());
            assignments.add(moved.assignment());
            records.add(staffing.record());
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("department", dept);
        outcome.put("agency", agency.id());
        outcome.put("handedOver", records.stream().filter(r -> !doneRecords.contains(r)).map(r -> r.amendment().subjectCode()).toList());
        outcome.put("amendments", records.stream().filter(r -> !doneRecords.contains(r)).map(InspectorDrawRecord::id).toList());
        outcome.put("alreadyHandedOver", already);
        outcome.put("reason", in.reason());
        audit.record(caller, action, task.id(), conflicts.isEmpty() ? "OK" : "CONFLICT", outcome);
        return new HandOverPayload(assignments, records, already, conflicts);
    }

    private record Move(String code, String kind, DrawStore.Assignment current, int seq, String[] field) {}

    /**
     * Refusals for subjects the agency cannot staff, found before anything is written: when the
     * department has drawn, a dry run of each subject's amendment draw (eligibility does not depend
     * on the workload, so the real draws staff whom the dry runs did); when it has not, whether the
     * agency has as many ACTIVE inspectors certified today with the items' qualifications as a
     * draw needs at least (2).
     */
    private List<UserError> staffable(Caller caller, Task task, String dept, Department.Agency agency, InspectorDrawRecord deptDraw,
                                      List<Move> todo) {
        List<UserError> errors = new ArrayList<>();
        if (deptDraw != null) {
            for (Move m : todo) {
                InspectorDrawRecord dry = service.amendmentRecord(caller, task, dept, m.code(), m.kind(), agency.id(), m.seq(),
                        new InspectorDrawRecord.Amendment("HANDOVER", m.code(), m.kind(), m.seq(), null, m.current().agency(), agency.id(),
                                m.current().region(), m.current().region(), null, null));
                if (dry.picks().isEmpty()) {
                    String why = dry.unstaffed().isEmpty() ? "nobody" : dry.unstaffed().get(0).reason();
                    errors.add(UserError.of("NO_ELIGIBLE_INSPECTORS", "agency " + agency.id() + " has too few eligible inspectors for subject "
                            + m.code() + " (" + deptDraw.perSubject() + " needed): " + why, m.field()));
                }
            }
            return errors;
        }
        Set<String> needed = QualificationMap.required(items.get(task.part(dept).itemCodes()).values());
        LocalDate today = LocalDate.now(InspectorDirectory.ZONE);
        long eligible = inspectors.eligibleCandidates(dept, List.of(agency.id())).stream().filter(i -> certifiedOn(i, today, needed)).count();
        if (eligible < 2) {
            errors.add(UserError.of("NO_ELIGIBLE_INSPECTORS", "agency " + agency.id() + " has " + eligible
                    + " ACTIVE inspector(s) certified today holding " + needed + "; an inspector draw needs at least 2", "input", "agency"));
        }
        return errors;
    }

    private static boolean certifiedOn(Inspector i, LocalDate day, Set<String> qualifications) {
        return "ACTIVE".equals(i.status()) && i.certificateValidFrom() != null && i.certificateValidUntil() != null
                && !i.certificateValidFrom().isAfter(day) && !i.certificateValidUntil().isBefore(day)
                && (i.qualifications() == null ? Set.of() : Set.copyOf(i.qualifications())).containsAll(qualifications);
    }
}
