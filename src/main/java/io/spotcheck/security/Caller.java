package io.spotcheck.security;

import io.spotcheck.system.SpotcheckException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling. Every resolver takes one and decides with it; an anonymous caller is the public.
 *
 * @param id subject of the token (user id, inspector id or API key id); "anonymous" for the public
 * @param name display name
 * @param department department code the caller acts for, or null (platform admin, public)
 * @param agency agency id within that department (bureau or station), or null
 * @param roles roles granted
 * @param scopes API-key scopes such as {@code subjects:import}; empty for people
 */
public record Caller(String id, String name, String department, String agency, Set<Role> roles, Set<String> scopes) {

    public static final Caller ANONYMOUS = new Caller("anonymous", "public", null, null, Set.of(), Set.of());

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        scopes = Set.copyOf(scopes);
    }

    public boolean isAnonymous() {
        return roles.isEmpty();
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... wanted) {
        return Arrays.stream(wanted).anyMatch(roles::contains);
    }

    public boolean isPlatformAdmin() {
        return has(Role.PLATFORM_ADMIN);
    }

    /** True when the caller acts for {@code departmentCode} (platform admins act for all). */
    public boolean actsFor(String departmentCode) {
        return isPlatformAdmin() || (department != null && department.equals(departmentCode));
    }

    /** Automation clients need the named scope; people need one of the roles. */
    public Caller require(String scope, Role... roles) {
        if (isPlatformAdmin() || hasAny(roles) || (has(Role.AUTOMATION) && scopes.contains(scope))) {
            return this;
        }
        throw denied();
    }

    /**
     * Whether the caller reads its department's non-public data of one kind: people by their role,
     * an automation client only with the named scope (e.g. {@code tasks:read}).
     */
    public boolean mayRead(String scope) {
        if (isPlatformAdmin() || hasAny(Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.AGENCY_REVIEWER, Role.INSPECTOR)) {
            return true;
        }
        return has(Role.AUTOMATION) && scopes.contains(scope);
    }

    public Caller requireAny(Role... roles) {
        if (isPlatformAdmin() || hasAny(roles)) {
            return this;
        }
        throw denied();
    }

    public Caller requireSignedIn() {
        if (isAnonymous()) {
            throw SpotcheckException.forbidden("sign in to do this");
        }
        return this;
    }

    public Caller requireDepartment(String departmentCode) {
        if (!actsFor(departmentCode)) {
            throw SpotcheckException.forbidden("you do not act for department " + departmentCode);
        }
        return this;
    }

    private SpotcheckException denied() {
        // One code for every refusal, signed in or not, so clients handle denial in one place.
        return SpotcheckException.forbidden(isAnonymous() ? "sign in with a role that allows this" : "your role does not allow this");
    }
}
