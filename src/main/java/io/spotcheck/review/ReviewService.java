package io.spotcheck.review;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.result.ResultEffects;
import io.spotcheck.result.ResultStore;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStore;
import io.spotcheck.api.UserError;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Review (审核) and publication (公示) of results.
 *
 * <ul>
 *   <li>{@code reviewResult}: the reviewer of the result's agency (or of its department's bureau) approves
 *       or rejects a SUBMITTED result, conditional on the version it saw. A rejection needs a note and sends
 *       the result back to its inspectors; nobody reviews a result they entered or inspected.</li>
 *   <li>{@code publishResults}: the department publishes its APPROVED results of a task in one step
 *       (not on each approval, so a department publishes a task's results together, as the national
 *       system lists them, and an approval can still be corrected before publication). Results
 *       become PUBLISHED with the date, then appear in {@code publishedResults} and the export.</li>
 * </ul>
 */
@Service
public class ReviewService {

    private static final Logger log = LoggerFactory.getLogger(ReviewService.class);

    public enum Decision { APPROVE, REJECT }

    public record ReviewPayload(ReviewItem result, List<UserError> errors) {

        static ReviewPayload error(String code, String message, String... field) {
            return new ReviewPayload(null, List.of(UserError.of(code, message, field)));
        }
    }

    /**
     * @param published results that became PUBLISHED now
     * @param skipped approved results changed by someone else during publication (left as they were)
     */
    public record PublishPayload(String taskId, String department, int published, int skipped, List<UserError> errors) {}

    static final int MAX_NOTE = io.spotcheck.system.InputLimits.NOTE;

    private final ReviewStore store;
    private final ReviewAccess access;
    private final ReviewClock clock;
    private final TaskStore tasks;
    private final AuditLog audit;
    private final ResultStore results;
    private final ResultEffects effects;

    public ReviewService(ReviewStore store, ReviewAccess access, ReviewClock clock, TaskStore tasks, AuditLog audit,
                         ResultStore results, ResultEffects effects) {
        this.store = store;
        this.access = access;
        this.clock = clock;
        this.tasks = tasks;
        this.audit = audit;
        this.results = results;
        this.effects = effects;
    }

    public ReviewPayload review(Caller caller, String id, Long expectedVersion, Decision decision, String note) {
        if (!caller.has(Role.AGENCY_REVIEWER)) {
            throw SpotcheckException.forbidden(caller.isAnonymous() ? "sign in with a role that allows this" : "only an agency's reviewer reviews results");
        }
        if (id == null || id.isBlank() || id.length() > 300) {
            throw SpotcheckException.badInput("id", "id must be 1 to 300 characters");
        }
        if (decision == null) {
            throw SpotcheckException.badInput("decision", "decision is APPROVE or REJECT");
        }
        // Permission is decided before anything about the result's state or version is said (CONFLICT below).
        ReviewStore.Versioned read = store.get(id);
        ResultView r = read == null ? null : read.result();
        boolean mayReview = r != null && access.mayReview(caller, r.department(), r.agency());
        // A result's id names its subject: a person's result out of reach answers as a missing one, in the same words
        // (ErrorMessageMasking masks the ID quoted), so a right guess of a masked ID reads like a wrong one.
        if (r == null || (!mayReview && hidesPerson(caller, r))) {
            throw SpotcheckException.notFound("result", id);
        }
        if (!mayReview) {
            throw SpotcheckException.forbidden("this result is in another agency's queue");
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("decision", decision.name());
        detail.put("note", note);
        if (note != null && note.length() > MAX_NOTE) {
            return rejected(caller, id, detail, ReviewPayload.error("NOTE_TOO_LONG", "a note has at most " + MAX_NOTE + " characters", "note"));
        }
        if (expectedVersion == null || expectedVersion != read.seqNo()) {
            return rejected(caller, id, detail, ReviewPayload.error("CONFLICT",
                    "the result changed since you read it (version " + read.seqNo() + "); reload it", "expectedVersion"));
        }
        if (!ResultView.SUBMITTED.equals(r.status())) {
            return rejected(caller, id, detail, ReviewPayload.error("INVALID_STATE",
                    "only a SUBMITTED result is reviewed; this one is " + r.status()));
        }
        if (caller.id().equals(r.submittedBy()) || (r.inspectorIds() != null && r.inspectorIds().contains(caller.id()))) {
            return rejected(caller, id, detail, ReviewPayload.error("SELF_REVIEW", "nobody reviews a result they inspected or entered"));
        }
        if (decision == Decision.REJECT && (note == null || note.isBlank())) {
            return rejected(caller, id, detail, ReviewPayload.error("NOTE_REQUIRED", "say why the result goes back to its inspectors", "note"));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", decision == Decision.APPROVE ? ResultView.APPROVED : ResultView.REJECTED);
        changes.put("reviewedBy", caller.id());
        changes.put("reviewedAt", now.toString());
        changes.put("reviewNote", note == null ? "" : note.strip());
        changes.put("updatedAt", now.toString());
        long seqNo;
        try {
            seqNo = store.update(read, changes);
        } catch (io.spotcheck.persistence.VersionConflict e) {
            return rejected(caller, id, detail, ReviewPayload.error("CONFLICT", "the result changed while you reviewed it; reload it", "expectedVersion"));
        }
        audit.record(caller, "result.review", id, "OK", detail);
        if (decision == Decision.APPROVE) {
            closeTheLoop(id, caller);
        }
        ReviewStore.Versioned after = store.get(id);
        ResultView stored = after == null ? r.withVersion(seqNo) : after.result();
        return new ReviewPayload(ReviewItem.of(stored, clock.deadlines(), caller), List.of());
    }

    /**
     * Whether the caller must not learn that this result exists: its subject is a natural person (by kind, or a
     * code with the form of a resident ID number) and the caller does not see persons. Organisations' codes are
     * public, so their results out of reach stay FORBIDDEN.
     */
    private static boolean hidesPerson(Caller caller, ResultView r) {
        return !PersonAccess.seesPersons(caller) && (r.isNaturalPerson() || PersonMask.isResidentId(r.subjectCode()));
    }

    /**
     * Closes the loop of an approved result (last inspections on the subject, anomaly listings):
     * result entry applied the same effects on submission and they are idempotent, so this only
     * repairs what a failure then may have left undone. A failure here does not undo the approval.
     */
    private void closeTheLoop(String id, Caller caller) {
        try {
            ResultStore.Versioned approved = results.get(id);
            if (approved != null) {
                effects.apply(approved.result(), approved.result(), caller.id());
            }
        } catch (RuntimeException e) {
            log.warn("effects of approved result {} not re-applied: {}", id, e.toString());
        }
    }

    private ReviewPayload rejected(Caller caller, String id, Object detail, ReviewPayload payload) {
        audit.record(caller, "result.review", id, "REJECTED", detail);
        return payload;
    }

    public PublishPayload publish(Caller caller, String taskId, String department) {
        caller.require("results:write", Role.DEPT_ADMIN, Role.DEPT_OPERATOR);
        if (department == null || department.isBlank()) {
            throw SpotcheckException.badInput("department", "name the department whose results are published");
        }
        caller.requireDepartment(department);
        if (taskId == null || taskId.isBlank() || taskId.length() > 128) {
            throw SpotcheckException.badInput("taskId", "taskId must be 1 to 128 characters");
        }
        Map<String, Object> detail = Map.of("taskId", taskId, "department", department);
        TaskStore.Versioned task = tasks.get(taskId);
        if (task == null) {
            audit.record(caller, "results.publish", taskId, "REJECTED", detail);
            return new PublishPayload(taskId, department, 0, 0, List.of(UserError.of("UNKNOWN_TASK", "task " + taskId + " does not exist", "taskId")));
        }
        Task t = task.task();
        if (!t.isParticipant(department)) {
            audit.record(caller, "results.publish", taskId, "REJECTED", detail);
            return new PublishPayload(taskId, department, 0, 0, List.of(UserError.of("NOT_A_PARTICIPANT",
                    "department " + department + " takes no part in task " + taskId, "department")));
        }
        Query approved = ResultQueries.and(List.of(ResultQueries.term("taskId", taskId), ResultQueries.term("department", department),
                ResultQueries.term("status", ResultView.APPROVED)));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", ResultView.PUBLISHED);
        changes.put("publishedAt", now.toString());
        changes.put("publishedBy", caller.id());
        changes.put("updatedAt", now.toString());
        AtomicInteger published = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        store.walk(approved, 500, batch -> {
            int landed = store.updateAll(batch.results(), changes);
            published.addAndGet(landed);
            skipped.addAndGet(batch.results().size() - landed);
        });
        store.refresh();
        audit.record(caller, "results.publish", taskId, "OK", Map.of("taskId", taskId, "department", department,
                "published", published.get(), "skipped", skipped.get()));
        return new PublishPayload(taskId, department, published.get(), skipped.get(), List.of());
    }
}
