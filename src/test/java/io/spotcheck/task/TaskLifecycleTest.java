package io.spotcheck.task;

import static io.spotcheck.task.TaskLifecycle.Trigger.*;
import static io.spotcheck.task.TaskStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskLifecycleTest {

    @Test
    void theHappyPathMovesOneStepAtATimeEachByItsOwnOperation() {
        assertThat(TaskLifecycle.allows(DRAFT, SCOPED, SET_SCOPE)).isTrue();
        assertThat(TaskLifecycle.allows(SCOPED, SUBJECTS_DRAWN, DRAW_SUBJECTS)).isTrue();
        assertThat(TaskLifecycle.allows(SUBJECTS_DRAWN, GROUPED, GROUP)).isTrue();
        assertThat(TaskLifecycle.allows(GROUPED, INSPECTORS_DRAWN, DRAW_INSPECTORS)).isTrue();
        assertThat(TaskLifecycle.allows(INSPECTORS_DRAWN, IN_PROGRESS, MANUAL)).isTrue();
        assertThat(TaskLifecycle.allows(IN_PROGRESS, REVIEWING, MANUAL)).isTrue();
        assertThat(TaskLifecycle.allows(REVIEWING, PUBLISHED, MANUAL)).isTrue();
        assertThat(TaskLifecycle.allows(PUBLISHED, CLOSED, MANUAL)).isTrue();
    }

    @Test
    void stepsCannotBeSkippedOrTakenByTheWrongOperation() {
        assertThat(TaskLifecycle.allows(DRAFT, SUBJECTS_DRAWN, DRAW_SUBJECTS)).isFalse();
        assertThat(TaskLifecycle.allows(SCOPED, SUBJECTS_DRAWN, MANUAL)).isFalse();
        assertThat(TaskLifecycle.refusal(SCOPED, SUBJECTS_DRAWN, MANUAL)).contains("draw subjects");
        assertThat(TaskLifecycle.allows(GROUPED, IN_PROGRESS, MANUAL)).isFalse();
        assertThat(TaskLifecycle.refusal(DRAFT, PUBLISHED, MANUAL)).contains("cannot move");
        assertThat(TaskLifecycle.allows(CLOSED, DRAFT, MANUAL)).isFalse();
    }

    @Test
    void nothingGoesBackOnceSubjectsAreDrawn() {
        for (TaskStatus from : new TaskStatus[] {SUBJECTS_DRAWN, GROUPED, INSPECTORS_DRAWN, PUBLISHED, CLOSED}) {
            for (TaskLifecycle.Trigger trigger : TaskLifecycle.Trigger.values()) {
                assertThat(TaskLifecycle.allows(from, DRAFT, trigger)).isFalse();
                assertThat(TaskLifecycle.allows(from, SCOPED, trigger)).isFalse();
            }
        }
        assertThat(TaskLifecycle.allows(SCOPED, DRAFT, MANUAL)).isTrue();
        assertThat(TaskLifecycle.allows(REVIEWING, IN_PROGRESS, MANUAL)).isTrue();
    }

    @Test
    void onlyDraftAndScopedTasksAreEditableAndOnlyPublishedOnesPublic() {
        assertThat(TaskLifecycle.isEditable(DRAFT)).isTrue();
        assertThat(TaskLifecycle.isEditable(SCOPED)).isTrue();
        assertThat(TaskLifecycle.isEditable(SUBJECTS_DRAWN)).isFalse();
        assertThat(TaskLifecycle.isPublic(PUBLISHED)).isTrue();
        assertThat(TaskLifecycle.isPublic(IN_PROGRESS)).isFalse();
        assertThat(TaskLifecycle.isOpen(CLOSED)).isFalse();
    }
}
