package io.spotcheck.task;

import io.spotcheck.api.UserError;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.item.Item;
import io.spotcheck.item.ItemStore;
import io.spotcheck.persistence.VersionConflict;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.InputLimits;
import io.spotcheck.system.SpotcheckException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Who may do what to a task, and the lifecycle, on the server. The lead department's admins and
 * operators create and run a task; a participating department changes only its own part. Every
 * change is conditional on the version the caller saw ({@code expectedVersion}) and on the stored
 * sequence number, so of two concurrent changes one wins and the other gets CONFLICT.
 */
@Service
public class TaskService {

    /** What an automation client needs to read a department's unpublished tasks. */
    public static final String READ_SCOPE = "tasks:read";

    public static final Set<String> LEVELS = Set.of("PROVINCE", "CITY", "DISTRICT");

    private final TaskStore store;
    private final ItemStore items;
    private final DepartmentDirectory departments;
    private final ScopeStore scopes;
    private final AuditLog audit;

    public TaskService(TaskStore store, ItemStore items, DepartmentDirectory departments, ScopeStore scopes, AuditLog audit) {
        this.store = store;
        this.items = items;
        this.departments = departments;
        this.scopes = scopes;
        this.audit = audit;
    }

    public record PartInput(String department, List<String> itemCodes, Integer expectedOnSiteMinutes) {}

    public record CreateTaskInput(String planId, String name, String leadDepartment, List<PartInput> parts, String level,
                                  Boolean directed, LocalDate startDate, LocalDate endDate, Boolean publicDraw) {}

    public record UpdateTaskInput(String id, Long expectedVersion, String name, String level, Boolean directed,
                                  LocalDate startDate, LocalDate endDate, Boolean publicDraw, List<PartInput> parts) {}

    public record UpdatePartInput(String taskId, Long expectedVersion, String department, List<String> itemCodes,
                                  Integer expectedOnSiteMinutes) {}

    public record TaskPayload(Task task, List<UserError> errors) {

        static TaskPayload error(String code, String message, String... field) {
            return new TaskPayload(null, List.of(UserError.of(code, message, field)));
        }
    }

    public Plan createPlan(Caller caller, Integer year, String department, String name, Boolean joint) {
        caller.requireAny(Role.DEPT_ADMIN).requireDepartment(department);
        if (year == null || year < 2000 || year > 2100) {
            throw SpotcheckException.badInput("year", "a plan is for a year between 2000 and 2100");
        }
        String cleanName = name == null ? null : InputLimits.name(name, "name");
        Plan plan = new Plan("P-" + year + "-" + department + "-" + UUID.randomUUID().toString().substring(0, 8), year, department, cleanName,
                Boolean.TRUE.equals(joint), caller.id(), OffsetDateTime.now(ZoneOffset.UTC));
        store.createPlan(plan);
        audit.record(caller, "plan.create", plan.id(), "OK", plan);
        return plan;
    }

    public TaskPayload create(Caller caller, CreateTaskInput input) {
        caller.require("tasks:write", Role.DEPT_ADMIN, Role.DEPT_OPERATOR).requireDepartment(input.leadDepartment());
        List<UserError> errors = new ArrayList<>();
        if (input.name() == null || input.name().isBlank()) {
            errors.add(UserError.of("NAME_REQUIRED", "a task needs a name", "input", "name"));
        } else if (InputLimits.textProblem(InputLimits.clean(input.name()), InputLimits.NAME) != null) {
            errors.add(UserError.of("INVALID_NAME", "the name " + InputLimits.textProblem(InputLimits.clean(input.name()), InputLimits.NAME),
                    "input", "name"));
        }
        if (!LEVELS.contains(input.level())) {
            errors.add(UserError.of("INVALID_LEVEL", "level is PROVINCE, CITY or DISTRICT", "input", "level"));
        }
        if (input.startDate() != null && input.endDate() != null && input.endDate().isBefore(input.startDate())) {
            errors.add(UserError.of("INVALID_DATES", "the task ends before it starts", "input", "endDate"));
        }
        if (input.planId() != null && store.plan(input.planId()) == null) {
            errors.add(UserError.of("UNKNOWN_PLAN", "plan " + input.planId() + " does not exist", "input", "planId"));
        }
        List<Task.Part> parts = toParts(input.parts(), errors);
        if (parts.stream().noneMatch(p -> p.department().equals(input.leadDepartment()))) {
            errors.add(UserError.of("LEAD_PART_REQUIRED", "the lead department needs a part of its own", "input", "parts"));
        }
        if (!errors.isEmpty()) {
            audit.record(caller, "task.create", null, "REJECTED", input);
            return new TaskPayload(null, errors);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int year = input.startDate() == null ? LocalDate.now().getYear() : input.startDate().getYear();
        Task task = new Task("T-" + year + "-" + UUID.randomUUID().toString().substring(0, 12), input.planId(), InputLimits.clean(input.name()),
                input.leadDepartment(), null, null, null, input.level(), Boolean.TRUE.equals(input.directed()), input.startDate(),
                input.endDate(), TaskStatus.DRAFT, null, null, Boolean.TRUE.equals(input.publicDraw()), caller.id(), now, now, null)
                .withParts(parts);
        Task created = store.create(task).task();
        audit.record(caller, "task.create", created.id(), "OK", created);
        return new TaskPayload(created, List.of());
    }

    /** The lead changes the task's definition (while DRAFT or SCOPED) or its public flag (any time). */
    public TaskPayload update(Caller caller, UpdateTaskInput input) {
        return change(caller, "task.update", input.id(), input.expectedVersion(), input, task -> {
            requireLead(caller, task);
            boolean definitionChanges = input.name() != null || input.level() != null || input.directed() != null
                    || input.startDate() != null || input.endDate() != null || input.parts() != null;
            if (definitionChanges && !TaskLifecycle.isEditable(task.status())) {
                return UserError.of("INVALID_STATE", "a task in " + task.status() + " can no longer be changed");
            }
            if (input.level() != null && !LEVELS.contains(input.level())) {
                return UserError.of("INVALID_LEVEL", "level is PROVINCE, CITY or DISTRICT", "input", "level");
            }
            String name = InputLimits.clean(input.name());
            if (name != null && InputLimits.textProblem(name, InputLimits.NAME) != null) {
                return UserError.of("INVALID_NAME", "the name " + InputLimits.textProblem(name, InputLimits.NAME), "input", "name");
            }
            Task changed = task.withDetails(name, input.level(), input.directed(), input.startDate(), input.endDate(), input.publicDraw());
            if (input.parts() != null) {
                List<UserError> errors = new ArrayList<>();
                List<Task.Part> parts = toParts(input.parts(), errors);
                if (!errors.isEmpty()) {
                    return errors.get(0);
                }
                if (parts.stream().noneMatch(p -> p.department().equals(task.leadDepartment()))) {
                    return UserError.of("LEAD_PART_REQUIRED", "the lead department needs a part of its own", "input", "parts");
                }
                changed = changed.withParts(parts);
            }
            return changed;
        });
    }

    /** A department changes its own part: its items and expected minutes on site. */
    public TaskPayload updatePart(Caller caller, UpdatePartInput input) {
        return change(caller, "task.updatePart", input.taskId(), input.expectedVersion(), input, task -> {
            caller.require("tasks:write", Role.DEPT_ADMIN, Role.DEPT_OPERATOR).requireDepartment(input.department());
            if (!task.isParticipant(input.department())) {
                throw SpotcheckException.forbidden("department " + input.department() + " takes no part in task " + task.id());
            }
            if (!TaskLifecycle.isEditable(task.status())) {
                return UserError.of("INVALID_STATE", "a task in " + task.status() + " can no longer be changed");
            }
            List<UserError> errors = new ArrayList<>();
            List<Task.Part> replaced = toParts(List.of(new PartInput(input.department(), input.itemCodes(), input.expectedOnSiteMinutes())), errors);
            if (!errors.isEmpty()) {
                return errors.get(0);
            }
            List<Task.Part> parts = task.parts().stream().map(p -> p.department().equals(input.department()) ? replaced.get(0) : p).toList();
            return task.withParts(parts);
        });
    }

    /** Operator-driven steps (start, review, publish, close; back to draft before the draw). */
    public TaskPayload transition(Caller caller, String id, Long expectedVersion, TaskStatus to) {
        return change(caller, "task.transition", id, expectedVersion, Map.of("to", to), task -> {
            requireLead(caller, task);
            String refusal = TaskLifecycle.refusal(task.status(), to, TaskLifecycle.Trigger.MANUAL);
            return refusal != null ? UserError.of("INVALID_STATE", refusal, "to") : task.withStatus(to);
        });
    }

    /** Attaches a frozen scope: DRAFT → SCOPED (or replaces the scope of a SCOPED task). */
    public TaskPayload setScope(Caller caller, String id, Long expectedVersion, String scopeId) {
        return change(caller, "task.setScope", id, expectedVersion, Map.of("scopeId", scopeId), task -> {
            requireLead(caller, task);
            Scope scope = scopes.get(scopeId);
            if (scope == null) {
                return UserError.of("UNKNOWN_SCOPE", "scope " + scopeId + " does not exist", "scopeId");
            }
            if (!scope.isFrozen()) {
                return UserError.of("SCOPE_NOT_FROZEN", "scope " + scopeId + " is " + scope.status() + "; wait for its job to finish", "scopeId");
            }
            if (!scope.department().equals(task.leadDepartment())) {
                return UserError.of("FOREIGN_SCOPE", "the scope belongs to " + scope.department(), "scopeId");
            }
            String refusal = TaskLifecycle.refusal(task.status(), TaskStatus.SCOPED, TaskLifecycle.Trigger.SET_SCOPE);
            return refusal != null ? UserError.of("INVALID_STATE", refusal) : task.withScope(scopeId).withStatus(TaskStatus.SCOPED);
        });
    }

    /**
     * Moves a task by one of the operations that own a step (draw, grouping), retrying on a
     * concurrent change since the step's own record is already written and decides the outcome.
     */
    public Task advance(String id, TaskStatus from, TaskStatus to, TaskLifecycle.Trigger trigger, Function<Task, Task> apply) {
        return io.spotcheck.system.ConcurrentWrites.retry("task " + id, () -> {
            TaskStore.Versioned read = store.get(id);
            if (read.task().status() == to) {
                return read.task();
            }
            if (read.task().status() != from || !TaskLifecycle.allows(from, to, trigger)) {
                throw new SpotcheckException(io.spotcheck.system.ErrorCode.INVALID_STATE,
                        TaskLifecycle.refusal(read.task().status(), to, trigger));
            }
            // a VersionConflict (someone changed another field meanwhile) reads again and re-applies
            return store.replace(read, apply.apply(read.task()).withStatus(to).stamped(OffsetDateTime.now(ZoneOffset.UTC), null)).task();
        });
    }

    public TaskStore.Versioned get(String id) {
        return store.get(id);
    }

    public Map<String, Task> getAll(java.util.Collection<String> ids) {
        return store.getAll(ids);
    }

    /** Lead and participants see a task; the public only once it is published. */
    public boolean canSee(Caller caller, Task task) {
        if (caller.isPlatformAdmin() || TaskLifecycle.isPublic(task.status())) {
            return true;
        }
        return caller.department() != null && task.isParticipant(caller.department());
    }

    /** As {@link #canSee}, but an automation client reads an unpublished task only with {@code tasks:read}. */
    public boolean canRead(Caller caller, Task task) {
        return canSee(caller, task) && (TaskLifecycle.isPublic(task.status()) || caller.mayRead(READ_SCOPE));
    }

    public void requireLead(Caller caller, Task task) {
        requireWriter(caller);
        if (!caller.actsFor(task.leadDepartment())) {
            throw SpotcheckException.forbidden("only the lead department " + task.leadDepartment() + " may do this");
        }
    }

    /**
     * The role every change of a task, its draws and its assignments needs, checked before the task is
     * looked up: NOT_FOUND for a missing task against FORBIDDEN for an existing one would tell a caller
     * who may never change a task which tasks exist.
     */
    public void requireWriter(Caller caller) {
        caller.require("tasks:write", Role.DEPT_ADMIN, Role.DEPT_OPERATOR);
    }

    private TaskPayload change(Caller caller, String action, String id, Long expectedVersion, Object input, Function<Task, Object> apply) {
        // every change through here (update, updatePart, transition, setScope) is the task writers'
        requireWriter(caller);
        TaskStore.Versioned read = store.get(id);
        if (read == null) {
            throw SpotcheckException.notFound("task", id);
        }
        if (!canSee(caller, read.task())) {
            audit.record(caller, action, id, "FORBIDDEN", input);
            throw SpotcheckException.forbidden("you take no part in task " + id);
        }
        Object outcome;
        try {
            outcome = apply.apply(read.task());
        } catch (SpotcheckException e) {
            audit.record(caller, action, id, e.code().name(), input);
            throw e;
        }
        if (outcome instanceof UserError error) {
            audit.record(caller, action, id, "REJECTED", input);
            return new TaskPayload(read.task(), List.of(error));
        }
        if (expectedVersion == null || expectedVersion != read.seqNo()) {
            audit.record(caller, action, id, "CONFLICT", input);
            return new TaskPayload(read.task(), List.of(UserError.of("CONFLICT",
                    "the task changed since you read it (version " + read.seqNo() + "); reload and try again", "expectedVersion")));
        }
        try {
            Task written = store.replace(read, ((Task) outcome).stamped(OffsetDateTime.now(ZoneOffset.UTC), null)).task();
            audit.record(caller, action, id, "OK", input);
            return new TaskPayload(written, List.of());
        } catch (VersionConflict e) {
            audit.record(caller, action, id, "CONFLICT", input);
            return new TaskPayload(read.task(), List.of(UserError.of("CONFLICT", "the task was changed by someone else meanwhile; reload and try again",
                    "expectedVersion")));
        }
    }

    private List<Task.Part> toParts(List<PartInput> inputs, List<UserError> errors) {
        if (inputs == null || inputs.isEmpty()) {
            errors.add(UserError.of("PARTS_REQUIRED", "a task needs at least one department's part", "input", "parts"));
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        Set<String> known = departments.departments(inputs.stream().map(PartInput::department).toList()).keySet();
        Map<String, Item> found = items.get(inputs.stream().flatMap(p -> p.itemCodes() == null ? java.util.stream.Stream.<String>empty() : p.itemCodes().stream()).toList());
        List<Task.Part> parts = new ArrayList<>();
        for (PartInput p : inputs) {
            if (!known.contains(p.department())) {
                errors.add(UserError.of("UNKNOWN_DEPARTMENT", "department " + p.department() + " does not exist", "input", "parts"));
                continue;
            }
            if (!seen.add(p.department())) {
                errors.add(UserError.of("DUPLICATE_PART", "department " + p.department() + " has two parts", "input", "parts"));
                continue;
            }
            if (p.itemCodes() == null || p.itemCodes().isEmpty()) {
                errors.add(UserError.of("ITEMS_REQUIRED", "department " + p.department() + " checks no item", "input", "parts"));
                continue;
            }
            for (String code : p.itemCodes()) {
                Item item = found.get(code);
                if (item == null) {
                    errors.add(UserError.of("UNKNOWN_ITEM", "item " + code + " does not exist", "input", "parts"));
                } else if (!item.department().equals(p.department())
                        && (item.cooperatingDepartments() == null || !item.cooperatingDepartments().contains(p.department()))) {
                    errors.add(UserError.of("FOREIGN_ITEM", "item " + code + " is not one " + p.department() + " checks", "input", "parts"));
                }
            }
            if (p.expectedOnSiteMinutes() != null && (p.expectedOnSiteMinutes() < 0 || p.expectedOnSiteMinutes() > 24 * 60)) {
                errors.add(UserError.of("INVALID_MINUTES", "expected minutes on site are between 0 and 1440", "input", "parts"));
            }
            parts.add(new Task.Part(p.department(), List.copyOf(p.itemCodes()), p.expectedOnSiteMinutes()));
        }
        return parts;
    }
}
