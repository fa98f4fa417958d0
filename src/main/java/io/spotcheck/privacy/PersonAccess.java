package io.spotcheck.privacy;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;

/**
 * Who sees natural persons' ID numbers and names in clear (docs/SECURITY.md, "Natural persons").
 * Everyone else reads them through {@link PersonMask}. Public artefacts (public draw and
 * inspector-draw records, published results, the export) are masked for every caller alike.
 */
public final class PersonAccess {

    /** The API-key scope that lets an automation client read persons in clear where its other scopes let it read them at all. */
    public static final String PERSONS_READ = "persons:read";

    private PersonAccess() {}

    /**
     * The roles whose work names the person: administrators, operators who build scopes and draw,
     * inspectors who visit; an automation client only with {@link #PERSONS_READ}.
     */
    public static boolean seesPersons(Caller caller) {
        if (caller == null) {
            return false;
        }
        if (caller.hasAny(Role.PLATFORM_ADMIN, Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.INSPECTOR)) {
            return true;
        }
        return caller.has(Role.AUTOMATION) && caller.scopes().contains(PERSONS_READ);
    }

    /** In the review queue reviewers also see whom a result concerns (they review only their own agency's queue). */
    public static boolean seesPersonsUnderReview(Caller caller) {
        return seesPersons(caller) || (caller != null && caller.has(Role.AGENCY_REVIEWER));
    }
}
