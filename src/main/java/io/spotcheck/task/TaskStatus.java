package io.spotcheck.task;

/** Where a task is in its life (任务状态), in order. */
public enum TaskStatus {
    DRAFT, SCOPED, SUBJECTS_DRAWN, GROUPED, INSPECTORS_DRAWN, IN_PROGRESS, REVIEWING, PUBLISHED, CLOSED
}
