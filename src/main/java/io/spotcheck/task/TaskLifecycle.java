package io.spotcheck.task;

import static io.spotcheck.task.TaskStatus.*;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a task's life, enforced on the server whatever the client shows. Each step is
 * either the effect of its own operation (setting a frozen scope, the draw, the grouping, the
 * inspector draw) or a plain transition an operator asks for; nothing ever skips a step, and
 * once subjects are drawn nothing goes back, because the draw record is immutable.
 */
public final class TaskLifecycle {

    /** How a transition may be requested. */
    public enum Trigger { SET_SCOPE, DRAW_SUBJECTS, GROUP, DRAW_INSPECTORS, MANUAL }

    private static final Map<TaskStatus, Map<TaskStatus, Trigger>> ALLOWED = Map.of(
            DRAFT, Map.of(SCOPED, Trigger.SET_SCOPE),
            SCOPED, Map.of(SCOPED, Trigger.SET_SCOPE, DRAFT, Trigger.MANUAL, SUBJECTS_DRAWN, Trigger.DRAW_SUBJECTS),
            SUBJECTS_DRAWN, Map.of(GROUPED, Trigger.GROUP),
            GROUPED, Map.of(INSPECTORS_DRAWN, Trigger.DRAW_INSPECTORS),
            INSPECTORS_DRAWN, Map.of(IN_PROGRESS, Trigger.MANUAL),
            IN_PROGRESS, Map.of(REVIEWING, Trigger.MANUAL),
            REVIEWING, Map.of(PUBLISHED, Trigger.MANUAL, IN_PROGRESS, Trigger.MANUAL),
            PUBLISHED, Map.of(CLOSED, Trigger.MANUAL),
            CLOSED, Map.of());

    /** States in which the task's definition (departments, items, dates) may still change. */
    private static final Set<TaskStatus> EDITABLE = EnumSet.of(DRAFT, SCOPED);

    private TaskLifecycle() {}

    public static boolean allows(TaskStatus from, TaskStatus to, Trigger trigger) {
        return ALLOWED.get(from).get(to) == trigger;
    }

    /** Why {@code from → to} by {@code trigger} is refused, or null when it is allowed. */
    public static String refusal(TaskStatus from, TaskStatus to, Trigger trigger) {
        if (allows(from, to, trigger)) {
            return null;
        }
        Trigger needed = ALLOWED.get(from).get(to);
        if (needed != null) {
            return "a task moves from " + from + " to " + to + " only by " + needed.name().toLowerCase().replace('_', ' ');
        }
        return "a task in " + from + " cannot move to " + to;
    }

    public static boolean isEditable(TaskStatus status) {
        return EDITABLE.contains(status);
    }

    /** Open tasks still hold their subjects: another task for the same item does not draw them. */
    public static boolean isOpen(TaskStatus status) {
        return status != CLOSED;
    }

    /** After publication anyone may read the drawn list and the draw record. */
    public static boolean isPublic(TaskStatus status) {
        return status == PUBLISHED || status == CLOSED;
    }
}
