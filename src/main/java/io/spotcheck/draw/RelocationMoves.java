package io.spotcheck.draw;

import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.department.Jurisdiction;
import io.spotcheck.security.Caller;
import io.spotcheck.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The reassignment half of resolving an on-site 迁出 finding (docs/RESULTS.md, "迁出 found on
 * site"): the lead department names the new jurisdiction, and every department's active
 * assignment of the subject moves to its agency covering it, through the same amendment machinery
 * as {@code reassignSubject} (cause RELOCATION: a fresh seeded draw there, the old assignment kept
 * as history) — but by the jurisdiction the inspector found, not the directory's.
 */
@Service
public class RelocationMoves {

    private final InspectorDrawService service;
    private final InspectorDrawStore store;
    private final DrawStore draws;
    private final DepartmentDirectory departments;

    public RelocationMoves(InspectorDrawService service, InspectorDrawStore store, DrawStore draws, DepartmentDirectory departments) {
        this.service = service;
        this.store = store;
        this.draws = draws;
        this.departments = departments;
    }

    /** What happened to one department's assignment: MOVED (see assignment, amendment), SAME_AGENCY, NO_AGENCY_COVERS, NOT_ASSIGNED or CONFLICT. */
    public record DepartmentMove(String department, String outcome, DrawStore.Assignment assignment, InspectorDrawRecord amendment) {}

    public boolean isDistrictJurisdiction(String region) {
        return region != null && departments.allJurisdictions().stream().map(Jurisdiction::code).anyMatch(region::equals);
    }

    /** The subject's active assignments per department of the task. */
    public Map<String, DrawStore.Assignment> activeAssignments(Task task, String subjectCode) {
        Map<String, DrawStore.Assignment> active = new java.util.TreeMap<>();
        for (String dept : task.departments()) {
            draws.assignments(task.id(), dept, List.of(subjectCode)).stream().filter(a -> a.isActive() && a.subjectCode().equals(subjectCode)).findFirst()
                    .ifPresent(a -> active.put(dept, a));
        }
        return active;
    }

    /**
     * Moves every department's active assignment of the subject to its agency covering
     * {@code region}; idempotent: an assignment already there (a retry) is left as it is.
     */
    public List<DepartmentMove> moveAll(Caller caller, String taskId, String subjectCode, String region, String reason) {
        Task task = service.task(taskId);
        Map<String, Department> depts = departments.departments(task.departments());
        Map<String, String> kinds = service.kinds(draws.recordReadAsUsed(DrawRecord.idFor(task.id())), task.id(), Set.of(subjectCode));
        List<DepartmentMove> result = new ArrayList<>();
        for (String dept : task.departments()) {
            List<DrawStore.Assignment> mine = draws.assignments(task.id(), dept, List.of(subjectCode));
            DrawStore.Assignment current = mine.stream().filter(DrawStore.Assignment::isActive).findFirst().orElse(null);
            if (current == null) {
                result.add(new DepartmentMove(dept, "NOT_ASSIGNED", null, null));
                continue;
            }
            int lastSeq = mine.stream().map(DrawStore.Assignment::seq).filter(Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0);
            InspectorDrawRecord interrupted = service.interrupted(task.id(), dept, subjectCode, lastSeq, current);
            if (interrupted != null) {
                current = service.applyReassignment(interrupted, current).assignment();
                lastSeq = interrupted.amendment().seq();
            }
            Department.Agency agency = depts.get(dept).agencyCovering(region);
            if (agency == null) {
                result.add(new DepartmentMove(dept, "NO_AGENCY_COVERS", current, null));
                continue;
            }
            if (agency.id().equals(current.agency())) {
                InspectorDrawRecord last = lastSeq < 1 ? null : store.record(InspectorDrawRecord.amendmentIdFor(task.id(), dept, subjectCode, lastSeq));
                boolean movedByThis = last != null && last.amendment() != null && "RELOCATION".equals(last.amendment().cause())
                        && region.equals(last.amendment().toRegion());
                result.add(new DepartmentMove(dept, movedByThis ? "MOVED" : "SAME_AGENCY", current, movedByThis ? last : null));
                continue;
            }
            int seq = lastSeq + 1;
            String kind = kinds.get(subjectCode);
            InspectorDrawService.Staffing staffing = service.staffOne(caller, task, dept, subjectCode, kind, agency.id(), seq,
                    new InspectorDrawRecord.Amendment("RELOCATION", subjectCode, kind, seq, reason, current.agency(), agency.id(), current.region(),
                            region, DrawStore.Assignment.idOf(task.id(), dept, subjectCode, seq), DrawStore.Assignment.idOf(task.id(), dept, subjectCode, 0)));
            if (staffing == null) {
                result.add(new DepartmentMove(dept, "CONFLICT", current, null));
                continue;
            }
            InspectorDrawService.ReassignmentPayload moved = service.applyReassignment(staffing.record(), current);
            result.add(new DepartmentMove(dept, "MOVED", moved.assignment(), staffing.record()));
        }
        return result;
    }
}
