package io.spotcheck.draw;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskLifecycle;
import io.spotcheck.task.TaskService;
import io.spotcheck.task.TaskStore;
import io.spotcheck.api.UserError;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Draws over GraphQL. The task's departments read the full record; everybody else reads it, with
 * natural persons masked, once the task is published or the lead allowed it (publicDraw).
 */
@Controller
public class DrawController {

    private final DrawService draws;
    private final DrawStore store;
    private final CreditRuleStore creditRules;
    private final TaskService tasks;
    private final AuditLog audit;
    private final DrawMasking masking;

    public DrawController(DrawService draws, DrawStore store, CreditRuleStore creditRules, TaskService tasks, AuditLog audit,
                          DrawMasking masking) {
        this.masking = masking;
        this.creditRules = creditRules;
        this.draws = draws;
        this.store = store;
        this.tasks = tasks;
        this.audit = audit;
    }

    // A caller who sees persons masked (an automation client without persons:read) reads what it drew or grouped
    // as it reads its task's draw and grouping.

    @MutationMapping
    public DrawService.DrawPayload drawSubjects(@Argument DrawService.DrawInput input, Caller caller) {
        DrawService.DrawPayload p = draws.drawSubjects(caller, input);
        if (p.record() == null || io.spotcheck.privacy.PersonAccess.seesPersons(caller)) {
            return p;
        }
        return new DrawService.DrawPayload(p.record().masked(), p.task(), p.errors());
    }

    @MutationMapping
    public DrawService.GroupingPayload groupTask(@Argument String taskId, Caller caller) {
        DrawService.GroupingPayload p = draws.group(caller, taskId);
        if (p.departments() == null || io.spotcheck.privacy.PersonAccess.seesPersons(caller)) {
            return p;
        }
        return new DrawService.GroupingPayload(p.task(), masked(taskId, p.departments()), p.errors());
    }

    @QueryMapping
    public DrawRecord drawRecord(@Argument String id, @Argument String taskId, Caller caller) {
        String drawId = id != null ? id : taskId != null ? DrawRecord.idFor(taskId) : null;
        if (drawId == null) {
            throw SpotcheckException.badInput("id", "give a draw id or a task id");
        }
        // Pages of selectedSubjects and excludedSubjects read only the parts they fall in.
        DrawRecord record = store.recordReadAsUsed(drawId);
        if (record == null) {
            return null;
        }
        try {
            return visible(record, caller);
        } catch (SpotcheckException e) {
            if (e.code() == io.spotcheck.system.ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    public record CommitInput(String taskId, String source, OffsetDateTime revealAt) {}

    @MutationMapping
    public DrawService.CommitmentPayload commitPublicValue(@Argument CommitInput input, Caller caller) {
        return draws.commitPublicValue(caller, input.taskId(), input.source(), input.revealAt());
    }

    /** Visible to the task's departments, and to everybody once the draw is. */
    @QueryMapping
    public SeedCommitment publicValueCommitment(@Argument String taskId, Caller caller) {
        Task task = task(taskId);
        boolean member = caller.isPlatformAdmin() || (caller.department() != null && task.isParticipant(caller.department())
                && caller.mayRead("draws:read"));
        if (!member && !TaskLifecycle.isPublic(task.status()) && !Boolean.TRUE.equals(task.publicDraw())) {
            if (caller.isAnonymous()) {
                // As for a task id of nothing: the public cannot tell which hidden tasks exist.
                throw SpotcheckException.notFound("task", taskId);
            }
            throw SpotcheckException.forbidden("the draw of task " + task.id() + " is not public yet");
        }
        SeedCommitment c = draws.commitment(taskId);
        return c == null ? null : new SeedCommitment(c.taskId(), c.source(), c.revealAt(), c.committedAt(), null);
    }

    @SchemaMapping(typeName = "DrawRecord", field = "snapshotSha256")
    public String snapshotSha256(DrawRecord record) {
        return record.isVersion2() ? record.scopeDigest() : null;
    }

    @SchemaMapping(typeName = "DrawRecord", field = "snapshotUrl")
    public String snapshotUrl(DrawRecord record) {
        return record.isVersion2() ? DrawRecord.publicUrl(record.id()) + "/snapshot" : null;
    }

    @SchemaMapping(typeName = "DrawRecord", field = "substitutionsUrl")
    public String substitutionsUrl(DrawRecord record) {
        return record.isVersion2() ? DrawRecord.publicUrl(record.id()) + "/substitutions" : null;
    }

    @QueryMapping
    public DrawService.Verification verifyDraw(@Argument String drawId, Caller caller) {
        // Lists read a part at a time as the verifier walks them: at 10^7 the exclusions alone are over a million lines.
        DrawRecord record = store.recordReadAsUsed(drawId);
        if (record == null) {
            throw SpotcheckException.notFound("draw", drawId);
        }
        visible(record, caller);
        return draws.verify(record);
    }

    @QueryMapping
    public List<DrawService.DepartmentGrouping> taskGrouping(@Argument String taskId, @Argument String department, Caller caller) {
        if (caller.isAnonymous()) {
            // Refused before the look-up: the public learns nothing of which task ids exist.
            throw SpotcheckException.forbidden("you take no part in task " + taskId);
        }
        Task task = task(taskId);
        if (!tasks.canRead(caller, task)) {
            throw SpotcheckException.forbidden("you take no part in task " + taskId);
        }
        // A participating department sees its own groups; the lead sees everybody's. Asking for
        // another department's is refused, never silently answered with one's own.
        String only = DrawAccess.departmentAsked(caller, task, department);
        List<DrawService.DepartmentGrouping> groupings = draws.groupings(taskId, only);
        if (io.spotcheck.privacy.PersonAccess.seesPersons(caller)) {
            return groupings;
        }
        // Reviewers and automation without persons:read read persons' codes masked, as everywhere else.
        return masked(taskId, groupings);
    }

    /**
     * The groupings as a caller who sees persons masked reads them: persons (drawn or substituted in) masked, each list in
     * public order ({@link DrawMasking.Task#subjectOrder()}), since code order would compare the persons' hidden birth dates.
     */
    private List<DrawService.DepartmentGrouping> masked(String taskId, List<DrawService.DepartmentGrouping> groupings) {
        DrawMasking.Task shown = masking.of(taskId);
        java.util.function.Function<List<String>, List<String>> m = codes -> codes.stream().sorted(shown.subjectOrder())
                .map(c -> io.spotcheck.privacy.PersonMask.scrub(shown.code(c), null)).toList();
        return groupings.stream().map(g -> new DrawService.DepartmentGrouping(g.department(), g.groups().stream()
                .map(a -> new DrawService.AgencyGroup(a.agency(), m.apply(a.subjectCodes()), a.count())).toList(),
                m.apply(g.uncovered()), g.uncoveredCount())).toList();
    }

    @QueryMapping
    public List<CreditRule> creditRules(Caller caller) {
        // Credit rules are published with every draw; anyone may read them.
        return creditRules.all();
    }

    public record CreditRuleInput(String id, String name, String department, List<DrawService.RatioInput> ratios) {}

    public record CreditRulePayload(CreditRule rule, List<UserError> errors) {}

    @MutationMapping
    public CreditRulePayload saveCreditRule(@Argument CreditRuleInput input, Caller caller) {
        if (input.department() == null) {
            caller.requireAny(Role.PLATFORM_ADMIN);
        } else {
            caller.requireAny(Role.DEPT_ADMIN).requireDepartment(input.department());
        }
        CreditRule existing = creditRules.get(input.id());
        if (existing != null && !java.util.Objects.equals(existing.department(), input.department()) && !caller.isPlatformAdmin()) {
            throw SpotcheckException.forbidden("credit rule " + input.id() + " belongs to another department");
        }
        Map<String, Double> ratios = new java.util.TreeMap<>();
        for (DrawService.RatioInput r : input.ratios()) {
            try {
                SubjectDrawAlgorithm.basisPoints(r.percent());
            } catch (IllegalArgumentException e) {
                return new CreditRulePayload(null, List.of(UserError.of("INVALID_RATIO", e.getMessage(), "input", "ratios")));
            }
            ratios.put(r.stratum(), r.percent());
        }
        CreditRule rule = new CreditRule(input.id(), input.name(), input.department(), ratios, OffsetDateTime.now(ZoneOffset.UTC));
        creditRules.save(rule);
        audit.record(caller, "creditRule.save", rule.id(), "OK", rule);
        return new CreditRulePayload(rule, List.of());
    }

    @SchemaMapping(typeName = "DrawRecord", field = "strata")
    public List<Map<String, Object>> strata(DrawRecord record) {
        List<Map<String, Object>> rows = new ArrayList<>();
        record.scopeSizes().forEach((s, n) -> rows.add(Map.of("stratum", s, "scopeSize", n,
                "eligible", record.eligibleSizes().getOrDefault(s, 0L), "quota", record.quotas().getOrDefault(s, 0L),
                "ratioPercent", record.ratios().getOrDefault(s, 0.0))));
        return rows;
    }

    private DrawRecord visible(DrawRecord record, Caller caller) {
        Task task = task(record.taskId());
        boolean member = caller.isPlatformAdmin() || (caller.department() != null && task.isParticipant(caller.department())
                && caller.mayRead("draws:read"));
        if (member) {
            // An automation client without persons:read reads its own task's draw as the public does.
            return io.spotcheck.privacy.PersonAccess.seesPersons(caller) || caller.isPlatformAdmin() ? record : record.masked();
        }
        if (TaskLifecycle.isPublic(task.status()) || Boolean.TRUE.equals(task.publicDraw())) {
            return record.masked();
        }
        if (caller.isAnonymous()) {
            // The public learns nothing from the answer: a hidden draw reads like one that does not exist.
            throw SpotcheckException.notFound("draw", record.id());
        }
        throw SpotcheckException.forbidden("the draw of task " + task.id() + " is not public yet");
    }

    private Task task(String taskId) {
        TaskStore.Versioned read = tasks.get(taskId);
        if (read == null) {
            throw SpotcheckException.notFound("task", taskId);
        }
        return read.task();
    }
}
