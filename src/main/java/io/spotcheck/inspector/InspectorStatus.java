package io.spotcheck.inspector;

/** Whether an inspector may be drawn: only ACTIVE ones are. */
public enum InspectorStatus {
    ACTIVE, ON_LEAVE, LEFT
}
