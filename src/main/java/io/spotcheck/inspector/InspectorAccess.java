package io.spotcheck.inspector;

import io.spotcheck.inspector.InspectorDirectory.Visibility;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;

/**
 * Who may read and change which inspectors. Reading: platform admins everything; department roles
 * (admin, operator, inspector, an automation client with {@code inspectors:read}) their own
 * department; an agency reviewer its own agency; the public nothing. Changing: the department's
 * admin or a platform admin. Personal data (certificate number, phone, recusal reasons) is shown
 * in full only to those who may change the inspector. A recusal of a natural person is read and
 * searched by its ID number only by callers who see persons ({@link #masksPerson}).
 */
public final class InspectorAccess {

    public static final String READ_SCOPE = "inspectors:read";

    private InspectorAccess() {}

    public static Visibility readScope(Caller caller) {
        if (caller.isAnonymous()) {
            throw SpotcheckException.forbidden("sign in to read the inspector directory");
        }
        if (caller.isPlatformAdmin()) {
            return Visibility.ALL;
        }
        if (caller.department() != null) {
            if (caller.hasAny(Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.INSPECTOR)
                    || (caller.has(Role.AUTOMATION) && caller.scopes().contains(READ_SCOPE))) {
                return new Visibility(caller.department(), null);
            }
            if (caller.has(Role.AGENCY_REVIEWER) && caller.agency() != null) {
                return new Visibility(caller.department(), caller.agency());
            }
        }
        throw SpotcheckException.forbidden("your role does not allow reading the inspector directory");
    }

    public static boolean mayChange(Caller caller, String department) {
        return caller.isPlatformAdmin() || (caller.has(Role.DEPT_ADMIN) && department != null && department.equals(caller.department()));
    }

    public static void requireChange(Caller caller, String department) {
        if (!mayChange(caller, department)) {
            throw SpotcheckException.forbidden("only the administrator of department " + department + " may change its inspectors");
        }
    }

    /**
     * Whether {@code code}, as a recusal's subject, is a natural person's that {@code caller} reads
     * masked: a well-formed resident ID number and a caller who does not see persons. Decided by the
     * code's form alone, so that nothing depends on whether the person exists or is recused.
     */
    static boolean masksPerson(Caller caller, String code) {
        return !PersonAccess.seesPersons(caller) && PersonMask.isResidentId(code);
    }

    /** Keeps the first six and last two characters of a certificate number. */
    static String maskCertificate(String number) {
        if (number == null) {
            return null;
        }
        int[] cp = number.codePoints().toArray();
        int keepHead = cp.length > 8 ? 6 : Math.min(2, cp.length);
        int keepTail = cp.length > 8 ? 2 : 0;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cp.length; i++) {
            if (i < keepHead || i >= cp.length - keepTail) {
                s.appendCodePoint(cp[i]);
            } else {
                s.append('*');
            }
        }
        return s.toString();
    }

    /** 138****5678. */
    static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 7) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
