package io.spotcheck.task;

import io.spotcheck.api.Connection;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.api.Edge;
import io.spotcheck.item.Item;
import io.spotcheck.item.ItemStore;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.security.Caller;
import io.spotcheck.system.SpotcheckException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Plans and tasks over GraphQL; the rules live in {@link TaskService}. */
@Controller
public class TaskController {

    private final TaskService tasks;
    private final TaskStore store;
    private final ItemStore items;
    private final ScopeStore scopes;
    private final CursorCodec cursors;

    static final int MAX_PAGE = 200;

    public TaskController(TaskService tasks, TaskStore store, ItemStore items, ScopeStore scopes, CursorCodec cursors) {
        this.tasks = tasks;
        this.store = store;
        this.items = items;
        this.scopes = scopes;
        this.cursors = cursors;
    }

    @QueryMapping
    public Task task(@Argument String id, Caller caller) {
        TaskStore.Versioned read = store.get(id);
        if (read == null) {
            return null;
        }
        if (!tasks.canRead(caller, read.task())) {
            if (caller.isAnonymous()) {
                // As for an id of no task: the public cannot tell which task ids exist (docs/SECURITY.md, "Guessing").
                return null;
            }
            throw SpotcheckException.forbidden("you take no part in task " + id);
        }
        return read.task();
    }

    @QueryMapping
    public Connection<Task> tasks(@Argument String department, @Argument TaskStatus status, @Argument Integer first,
                                  @Argument String after, Caller caller) {
        caller.requireSignedIn();
        String dept = department == null ? caller.department() : department;
        if (!caller.isPlatformAdmin() && (dept == null || !caller.actsFor(dept) || !caller.mayRead(TaskService.READ_SCOPE))) {
            throw SpotcheckException.forbidden("you see the tasks of your own department");
        }
        int size = pageSize(first);
        String fingerprint = CursorCodec.fingerprint("tasks", dept, status);
        List<Object> position = after == null ? null : cursors.decode(after, fingerprint).after();
        return connection(store.tasksPage(dept, status, size + 1, position), size, fingerprint);
    }

    @QueryMapping
    public Connection<Plan> plans(@Argument String department, @Argument Integer year, @Argument Integer first,
                                  @Argument String after, Caller caller) {
        caller.requireSignedIn();
        int size = pageSize(first);
        String fingerprint = CursorCodec.fingerprint("plans", department, year);
        List<Object> position = after == null ? null : cursors.decode(after, fingerprint).after();
        return connection(store.plansPage(department, year, size + 1, position), size, fingerprint);
    }

    private static int pageSize(Integer first) {
        int size = first == null ? 50 : first;
        if (size < 1 || size > MAX_PAGE) {
            throw SpotcheckException.badInput("first", "first must be between 1 and " + MAX_PAGE);
        }
        return size;
    }

    /** The page was read with one row more than asked for: that row only says whether another page follows. */
    private <T> Connection<T> connection(TaskStore.Page<T> page, int size, String fingerprint) {
        List<Map.Entry<T, List<Object>>> rows = page.rows().subList(0, Math.min(size, page.rows().size()));
        List<Edge<T>> edges = new java.util.ArrayList<>(rows.size());
        for (Map.Entry<T, List<Object>> row : rows) {
            edges.add(new Edge<>(row.getKey(), () -> cursors.encode(fingerprint, null, row.getValue())));
        }
        return Connection.of(edges, page.rows().size() > size, page.total());
    }

    @MutationMapping
    public Plan createPlan(@Argument Integer year, @Argument String department, @Argument String name, @Argument Boolean joint, Caller caller) {
        return tasks.createPlan(caller, year, department, name, joint);
    }

    @MutationMapping
    public TaskService.TaskPayload createTask(@Argument TaskService.CreateTaskInput input, Caller caller) {
        return tasks.create(caller, input);
    }

    @MutationMapping
    public TaskService.TaskPayload updateTask(@Argument TaskService.UpdateTaskInput input, Caller caller) {
        return tasks.update(caller, input);
    }

    @MutationMapping
    public TaskService.TaskPayload updateTaskPart(@Argument TaskService.UpdatePartInput input, Caller caller) {
        return tasks.updatePart(caller, input);
    }

    @MutationMapping
    public TaskService.TaskPayload transitionTask(@Argument String id, @Argument Long expectedVersion, @Argument TaskStatus to, Caller caller) {
        return tasks.transition(caller, id, expectedVersion, to);
    }

    @MutationMapping
    public TaskService.TaskPayload setTaskScope(@Argument String id, @Argument Long expectedVersion, @Argument String scopeId, Caller caller) {
        return tasks.setScope(caller, id, expectedVersion, scopeId);
    }

    @SchemaMapping(typeName = "Task", field = "scope")
    public Scope scope(Task task) {
        return task.scopeId() == null ? null : scopes.get(task.scopeId());
    }

    @SchemaMapping(typeName = "Task", field = "plan")
    public Plan plan(Task task) {
        return task.planId() == null ? null : store.plan(task.planId());
    }

    /** One mget for the items of every part on the page. */
    @BatchMapping(typeName = "TaskPart", field = "items")
    public Map<Task.Part, List<Item>> partItems(List<Task.Part> parts) {
        Map<String, Item> found = items.get(parts.stream().flatMap(p -> p.itemCodes().stream()).toList());
        Map<Task.Part, List<Item>> result = new LinkedHashMap<>();
        for (Task.Part p : parts) {
            result.put(p, p.itemCodes().stream().map(found::get).filter(java.util.Objects::nonNull).toList());
        }
        return result;
    }
}
