package io.spotcheck.draw;

import io.spotcheck.security.Caller;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;

/** Which department's part of a task a member of the task may list. */
final class DrawAccess {

    private DrawAccess() {}

    /**
     * The lead department and platform admins list any department's part ({@code department}, or
     * every department when null); a participating department lists only its own: without a
     * department it gets its own, and naming another is FORBIDDEN rather than silently answered
     * with its own.
     */
    static String departmentAsked(Caller caller, Task task, String department) {
        if (caller.isPlatformAdmin() || caller.actsFor(task.leadDepartment())) {
            return department;
        }
        if (department != null && !department.equals(caller.department())) {
            throw SpotcheckException.forbidden("department " + caller.department() + " lists only its own part of task " + task.id()
                    + "; the lead department " + task.leadDepartment() + " lists " + department + "'s");
        }
        return caller.department();
    }
}
