package io.spotcheck.draw;

import io.spotcheck.api.Connection;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.security.Caller;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * A draw record's selected subjects and exclusions, an inspector's own assignments, and a task's assignments, groupings, inspector draw records and
 * substitutions, as connections. The record reaching these
 * fields has already passed the caller's check and masking ({@code drawRecord}, {@code node}), so
 * a page shows exactly what the whole list shows, a slice at a time.
 */
@Controller
class DrawPages {

    static final int MAX_PAGE = 200;

    private final CursorCodec cursors;
    private final DrawController draws;
    private final InspectorDrawController inspectorDraws;

    DrawPages(CursorCodec cursors, DrawController draws, InspectorDrawController inspectorDraws) {
        this.cursors = cursors;
        this.draws = draws;
        this.inspectorDraws = inspectorDraws;
    }

    /** The checks and masking are those of {@code taskAssignments}; this pages its answer. */
    @SchemaMapping(typeName = "Task", field = "assignments")
    Connection<DrawStore.Assignment> assignments(io.spotcheck.task.Task task, @Argument String department, @Argument Integer first,
                                                 @Argument String after, Caller caller) {
        List<DrawStore.Assignment> all = inspectorDraws.taskAssignments(task.id(), department, caller);
        return Connection.slice(all, first, after, 200, MAX_PAGE, cursors,
                CursorCodec.fingerprint("task-assignments", task.id(), department, order(inspectorDraws.readsMasked(task.id(), caller))));
    }

    /** The calling inspector's own list ({@code myAssignments}) a page at a time. */
    @QueryMapping
    Connection<DrawStore.Assignment> myAssignmentPage(@Argument String taskId, @Argument Integer first, @Argument String after, Caller caller) {
        return Connection.slice(inspectorDraws.myAssignments(taskId, caller), first, after, 200, MAX_PAGE, cursors,
                CursorCodec.fingerprint("my-assignments", caller.id(), taskId));
    }

    /** The checks and masking are those of {@code taskGrouping}; this pages its answer. */
    @SchemaMapping(typeName = "Task", field = "groupings")
    Connection<DrawService.DepartmentGrouping> groupings(io.spotcheck.task.Task task, @Argument String department, @Argument Integer first,
                                                        @Argument String after, Caller caller) {
        return Connection.slice(draws.taskGrouping(task.id(), department, caller), first, after, 50, 200, cursors,
                CursorCodec.fingerprint("task-groupings", task.id(), department, order(!PersonAccess.seesPersons(caller))));
    }

    /** The checks and masking are those of {@code inspectorDrawRecords}; this pages its answer. */
    @SchemaMapping(typeName = "Task", field = "inspectorDrawRecords")
    Connection<InspectorDrawRecord> inspectorDrawRecords(io.spotcheck.task.Task task, @Argument Integer first, @Argument String after, Caller caller) {
        List<InspectorDrawRecord> all = inspectorDraws.inspectorDrawRecords(task.id(), caller);
        return Connection.slice(all, first, after, 50, MAX_PAGE, cursors,
                CursorCodec.fingerprint("task-inspector-draws", task.id(), order(inspectorDraws.readsMasked(task.id(), caller))));
    }

    /** The checks and masking are those of {@code substitutions}; this pages its answer. */
    @SchemaMapping(typeName = "Task", field = "substitutions")
    Connection<SubstitutionRecord> substitutions(io.spotcheck.task.Task task, @Argument Integer first, @Argument String after, Caller caller) {
        List<SubstitutionRecord> all = inspectorDraws.substitutions(task.id(), caller);
        return Connection.slice(all, first, after, 50, MAX_PAGE, cursors,
                CursorCodec.fingerprint("task-substitutions", task.id(), order(inspectorDraws.readsMasked(task.id(), caller))));
    }

    /**
     * Which order a task list's offsets count in: a caller who sees persons masked reads it in public order
     * (docs/SECURITY.md, "Guessing"), so a cursor of one order is not taken for a position in the other.
     */
    private static String order(boolean masked) {
        return masked ? "public-order" : "code-order";
    }

    @SchemaMapping(typeName = "DrawRecord", field = "selectedSubjects")
    Connection<SubjectDrawAlgorithm.Selected> selectedSubjects(DrawRecord record, @Argument Integer first, @Argument String after) {
        return Connection.slice(record.selected() == null ? java.util.List.of() : record.selected(), first, after, 200, MAX_PAGE, cursors,
                CursorCodec.fingerprint("draw-selected", record.id()));
    }

    @SchemaMapping(typeName = "DrawRecord", field = "excludedSubjects")
    Connection<SubjectDrawAlgorithm.Exclusion> excludedSubjects(DrawRecord record, @Argument Integer first, @Argument String after) {
        return Connection.slice(record.exclusions() == null ? java.util.List.of() : record.exclusions(), first, after, 200, MAX_PAGE, cursors,
                CursorCodec.fingerprint("draw-exclusions", record.id()));
    }
}
