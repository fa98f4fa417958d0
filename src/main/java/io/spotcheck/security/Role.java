package io.spotcheck.security;

/** What a caller may do; a token carries one or more. */
public enum Role {
    /** Runs the platform: every department, the calendar, API keys. */
    PLATFORM_ADMIN,
    /** Runs one department: its plans, tasks, credit rules, tag rules and inspectors. */
    DEPT_ADMIN,
    /** Day-to-day work of one department: tasks, scopes, draws, imports. */
    DEPT_OPERATOR,
    /** Reviews results in one agency's queue. */
    AGENCY_REVIEWER,
    /** Enters results for the subjects it was drawn for. */
    INSPECTOR,
    /** A script calling with an API key; what it may do is in its scopes. */
    AUTOMATION
}
