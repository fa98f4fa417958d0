package io.spotcheck.result;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.calendar.CalendarService;
import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import io.spotcheck.task.TaskStore;
import io.spotcheck.api.UserError;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import io.spotcheck.subject.ResultCode;

/**
 * Result entry (检查结果录入). Who may submit: an INSPECTOR drawn for the subject (caller id = inspector
 * id), on the phone or the PC, or an operator of the department (its bureau or the agency the subject
 * is assigned to) on the PC. Each department enters only its own part. The task must be IN_PROGRESS,
 * or REVIEWING so that a rejected result can be corrected. A result is replaced by re-submission
 * until it is approved; after that it is refused.
 */
@Service
public class ResultService {

    /** Task states in which results may be entered. */
    static final Set<TaskStatus> OPEN_FOR_RESULTS = EnumSet.of(TaskStatus.IN_PROGRESS, TaskStatus.REVIEWING);

    /** Payload of submitResult. */
    public record ResultPayload(Result result, List<UserError> errors) {
        static ResultPayload refused(UserError... errors) {
            return new ResultPayload(null, List.of(errors));
        }
    }

    private final ResultStore store;
    private final ResultEntryReads reads;
    private final DepartmentDirectory departments;
    private final CalendarService calendars;
    private final ResultEffects effects;
    private final AuditLog audit;
    private final ResultEffectsOutbox outbox;
    private final ResultEffectsWorker worker;

    public ResultService(ResultStore store, ResultEntryReads reads, DepartmentDirectory departments,
                         CalendarService calendars, ResultEffects effects, AuditLog audit, ResultEffectsOutbox outbox,
                         ResultEffectsWorker worker) {
        this.outbox = outbox;
        this.worker = worker;
        this.store = store;
        this.reads = reads;
        this.departments = departments;
        this.calendars = calendars;
        this.effects = effects;
        this.audit = audit;
    }

    public ResultPayload submit(Caller caller, SubmitResultInput in) {
        if (!caller.hasAny(Role.INSPECTOR, Role.DEPT_OPERATOR)) {
            throw SpotcheckException.forbidden("only drawn inspectors and the department's operators enter results");
        }
        if (!in.department().equals(caller.department())) {
            throw SpotcheckException.forbidden("you enter results for your own department only");
        }
        // every document the decision needs, in one round trip (the checks below keep their order)
        ResultEntryReads.Reads reads = this.reads.read(in.taskId(), in.department(), in.subjectCode());
        TaskStore.Versioned taskRead = reads.task();
        if (taskRead == null || !taskRead.task().isParticipant(in.department())) {
            throw SpotcheckException.notFound("task part", in.taskId() + "/" + in.department());
        }
        Task task = taskRead.task();
        ResultStore.Assignment assignment = reads.assignment();
        if (assignment == null || !"ASSIGNED".equals(assignment.status())) {
            throw SpotcheckException.notFound("assignment of subject", in.subjectCode() + " to " + in.department() + " in task " + in.taskId());
        }
        List<String> drawn = assignment.inspectorIds() == null ? List.of() : assignment.inspectorIds();
        boolean drawnInspector = caller.has(Role.INSPECTOR) && drawn.contains(caller.id());
        boolean operator = caller.has(Role.DEPT_OPERATOR) && operatesFor(caller, assignment);
        if (!drawnInspector && !operator) {
            throw SpotcheckException.forbidden(caller.has(Role.INSPECTOR) ? "you were not drawn for this subject"
                    : "you operate for another agency than the one the subject is assigned to");
        }
        if (!OPEN_FOR_RESULTS.contains(task.status())) {
            return ResultPayload.refused(UserError.of("TASK_NOT_IN_PROGRESS",
                    "results are entered while the task is IN_PROGRESS (or REVIEWING); it is " + task.status(), "input", "taskId"));
        }
        Task.Part part = task.part(in.department());
        ResultValidator.Context ctx = new ResultValidator.Context(part.itemCodes(), Set.copyOf(drawn), task.startDate(),
                calendars.today(), !drawnInspector);
        List<UserError> errors = new java.util.ArrayList<>(ResultValidator.validate(in, ctx));
        errors.addAll(relocationNote(in));
        if (!errors.isEmpty()) {
            return new ResultPayload(null, errors);
        }

        String id = Result.id(in.taskId(), in.department(), in.subjectCode());
        ResultStore.Versioned previous = reads.previous();
        if (previous != null && previous.result().isLocked()) {
            return ResultPayload.refused(UserError.of("RESULT_LOCKED",
                    "the result is " + previous.result().status() + " and can no longer be changed", "input"));
        }
        if (previous == null && in.expectedVersion() != null) {
            return ResultPayload.refused(UserError.of("CONFLICT", "no result exists yet; send no expectedVersion", "input", "expectedVersion"));
        }
        SubjectWriter.Stored subject = reads.subject();
        java.time.LocalDate due = effects.listingDue(ResultCode.normalise(in.resultCodes()).stream().map(Enum::name).toList(), in.inspectionDate());
        if (previous != null && in.expectedVersion() == null
                && previous.result().isResentAs(build(id, task, assignment, subject == null ? null : subject.subject(), in, caller, null, due))) {
            // The same first submission again: its answer was lost (a dropped connection, a node lost
            // mid-request) after the result was stored. That write is the answer; its effects follow
            // from its marker as they would have.
            audit.record(caller, "result.submit", id, "OK", Map.of("resent", true, "version", previous.seqNo()));
            worker.submitted(id);
            return new ResultPayload(previous.result(), List.of());
        }
        if (previous != null && (in.expectedVersion() == null || in.expectedVersion() != previous.seqNo())) {
            return ResultPayload.refused(UserError.of("CONFLICT", "the result exists at version " + previous.seqNo()
                    + "; re-read it and send that expectedVersion", "input", "expectedVersion"));
        }
        Result result = build(id, task, assignment, subject == null ? null : subject.subject(), in, caller, previous, due);
        // the marker first: once the result is stored its effects are sure to follow, whatever becomes of this server
        SubmitResultInput.RelocationNoteInput note = in.relocation();
        outbox.mark(id, result.submittedAt(), previous == null ? null : previous.result(), caller.id(), note == null ? null
                : new ResultEffectsOutbox.RelocationNote(blankToNull(note.newAddress()), blankToNull(note.newRegionCode()), blankToNull(note.note())),
                reads.marker());
        Result written;
        try {
            written = store.write(previous, result);
        } catch (io.spotcheck.persistence.VersionConflict e) {
            ResultStore.Versioned stored = previous == null ? store.get(id) : null;
            if (stored != null && stored.result().isResentAs(result)) {
                // two attempts of one first submission in flight at once: the other one stored it
                return new ResultPayload(stored.result(), List.of());
            }
            return ResultPayload.refused(UserError.of("CONFLICT", e.getMessage(), "input", "expectedVersion"));
        }
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("resultCodes", written.resultCodes());
        change.put("submission", written.submissionCount());
        change.put("channel", written.channel());
        audit.record(caller, "result.submit", id, "OK", change);
        // the subject's last results, findings and tags, the listing and the relocation finding follow (docs/RESULTS.md)
        worker.submitted(id);
        return new ResultPayload(written, List.of());
    }

    /** An operator of the subject's department: of the bureau, of the assigned agency, or of no agency in particular. */
    private boolean operatesFor(Caller caller, ResultStore.Assignment assignment) {
        if (caller.agency() == null || caller.agency().equals(assignment.agency())) {
            return true;
        }
        Department.Agency agency = departments.agencies(List.of(caller.agency())).get(caller.agency());
        return agency != null && assignment.department().equals(agency.department()) && "BUREAU".equals(agency.level());
    }

    static Result build(String id, Task task, ResultStore.Assignment a, Subject subject, SubmitResultInput in, Caller caller,
                        ResultStore.Versioned previous, java.time.LocalDate listingDue) {
        List<String> codes = ResultCode.normalise(in.resultCodes()).stream().map(Enum::name).toList();
        List<Result.ItemRow> rows = in.itemRows().stream()
                .map(r -> new Result.ItemRow(r.itemCode(), r.checked(), Boolean.TRUE.equals(r.problemFound()), blankToNull(r.actionTaken())))
                .toList();
        List<Result.FollowUp> followUps = (in.followUps() == null ? List.<SubmitResultInput.FollowUpInput>of() : in.followUps()).stream()
                .map(f -> new Result.FollowUp(f.measure().name(), Boolean.TRUE.equals(f.done()), f.doneDate(), blankToNull(f.text())))
                .toList();
        int done = (int) followUps.stream().filter(Result.FollowUp::done).count();
        boolean problem = ResultCode.anyProblem(ResultCode.normalise(in.resultCodes())) || rows.stream().anyMatch(Result.ItemRow::problemFound);
        Instant now = Instant.now();
        Result prev = previous == null ? null : previous.result();
        return new Result(id, task.id(), task.name(), task.level(), task.leadDepartment(), task.departments(),
                task.departments() != null && task.departments().size() > 1, a.department(), a.agency(), a.subjectCode(),
                subject == null ? null : subject.name(), subject == null ? null : subject.kind(),
                subject != null && subject.regionCode() != null ? subject.regionCode() : a.region(),
                rows.stream().map(Result.ItemRow::itemCode).toList(), codes, problem,
                in.verificationMethods().stream().map(Enum::name).toList(), rows, followUps, followUps.size(), done,
                !followUps.isEmpty() && done == followUps.size(),
                in.inspectionDate(), in.inspectorIds().stream().distinct().toList(), in.channel().name(),
                in.evidence() == null ? List.of() : List.copyOf(in.evidence()), "SUBMITTED", caller.id(), now,
                prev == null || prev.submissionCount() == null ? 1 : prev.submissionCount() + 1,
                prev == null ? null : prev.reviewedBy(), prev == null ? null : prev.reviewedAt(), prev == null ? null : prev.reviewNote(),
                null, null, listingDue, ResultEffects.reassignmentNeeded(codes), now, null);
    }

    /** The relocation note goes with MOVED_OUT (or DEREGISTERED) only; each part at most 500 characters. */
    static List<UserError> relocationNote(SubmitResultInput in) {
        SubmitResultInput.RelocationNoteInput note = in.relocation();
        if (note == null) {
            return List.of();
        }
        List<UserError> errors = new java.util.ArrayList<>();
        if (in.resultCodes() == null || !ResultEffects.reassignmentNeeded(in.resultCodes().stream().map(Enum::name).toList())) {
            errors.add(UserError.of("RELOCATION_WITHOUT_MOVED_OUT", "a relocation note goes with the result code MOVED_OUT (or DEREGISTERED)",
                    "input", "relocation"));
        }
        String[][] parts = {{"newAddress", note.newAddress()}, {"newRegionCode", note.newRegionCode()}, {"note", note.note()}};
        for (String[] p : parts) {
            if (p[1] != null && p[1].length() > 500) {
                errors.add(UserError.of("TOO_LONG", "at most 500 characters", "input", "relocation", p[0]));
            }
        }
        return errors;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
