package io.spotcheck.review;

import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Whose results a caller may see in the review queue, and which it may review.
 *
 * <ul>
 *   <li>A station's reviewer (AGENCY_REVIEWER of a 站所) sees and reviews its station's results only.</li>
 *   <li>A bureau-level reviewer (AGENCY_REVIEWER of the 局本级) sees and reviews every result of its
 *       department, its stations' included: the bureau supervises its stations and takes over their queue
 *       when a station cannot review in time. With the {@code agency} filter it narrows to one agency.</li>
 *   <li>Department admins and operators see their department's queue (read only); platform admins see all;
 *       automation with scope {@code review:read} its department's.</li>
 * </ul>
 */
@Component
public class ReviewAccess {

    static final String READ_SCOPE = "review:read";

    /** What a caller's queue covers: a department (null: every department) and an agency (null: all of it). */
    public record QueueScope(String department, String agency) {}

    private final DepartmentDirectory directory;
    private final Map<String, Department.Agency> agencies = new ConcurrentHashMap<>();

    public ReviewAccess(DepartmentDirectory directory) {
        this.directory = directory;
    }

    /** The queue the caller reads with these (optional) filters; FORBIDDEN when they reach beyond it. */
    public QueueScope queueFor(Caller caller, String department, String agency) {
        caller.require(READ_SCOPE, Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.AGENCY_REVIEWER);
        Department.Agency wanted = agency == null ? null : knownAgency(agency);
        if (wanted != null && department != null && !department.equals(wanted.department())) {
            throw SpotcheckException.badInput("filter.agency", "agency " + agency + " is not an agency of department " + department);
        }
        if (caller.isPlatformAdmin()) {
            return new QueueScope(wanted != null ? wanted.department() : department, agency);
        }
        String own = caller.department();
        if (own == null) {
            throw SpotcheckException.forbidden("you act for no department");
        }
        if (department != null) {
            caller.requireDepartment(department);
        }
        if (wanted != null && !own.equals(wanted.department())) {
            throw SpotcheckException.forbidden("agency " + agency + " belongs to another department");
        }
        boolean wholeDepartment = caller.hasAny(Role.DEPT_ADMIN, Role.DEPT_OPERATOR) || caller.has(Role.AUTOMATION)
                || isBureau(caller.agency());
        if (wholeDepartment) {
            return new QueueScope(own, agency);
        }
        if (caller.agency() == null) {
            throw SpotcheckException.forbidden("a reviewer needs an agency");
        }
        if (agency != null && !agency.equals(caller.agency())) {
            throw SpotcheckException.forbidden("a station's reviewer sees its own station's queue only");
        }
        return new QueueScope(own, caller.agency());
    }

    /** True when the caller may review a result of this department and agency. */
    public boolean mayReview(Caller caller, String department, String agency) {
        if (!caller.has(Role.AGENCY_REVIEWER) || caller.department() == null || !caller.department().equals(department)) {
            return false;
        }
        return caller.agency() != null && (caller.agency().equals(agency) || isBureau(caller.agency()));
    }

    boolean isBureau(String agencyId) {
        if (agencyId == null) {
            return false;
        }
        Department.Agency a = lookup(agencyId);
        return a != null && "BUREAU".equals(a.level()) && a.department() != null;
    }

    private Department.Agency knownAgency(String id) {
        if (id.isBlank() || id.length() > 64) {
            throw SpotcheckException.badInput("filter.agency", "agency must be 1 to 64 characters");
        }
        Department.Agency a = lookup(id);
        if (a == null) {
            throw SpotcheckException.badInput("filter.agency", "unknown agency " + id);
        }
        return a;
    }

    /** Agency name for display, or null. */
    public String agencyName(String id) {
        Department.Agency a = id == null ? null : lookup(id);
        return a == null ? null : a.name();
    }

    private Department.Agency lookup(String id) {
        Department.Agency cached = agencies.get(id);
        if (cached != null) {
            return cached;
        }
        Department.Agency found = directory.agencies(List.of(id)).get(id);
        if (found != null) {
            agencies.put(id, found);
        }
        return found;
    }
}
