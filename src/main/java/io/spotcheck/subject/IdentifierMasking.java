package io.spotcheck.subject;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;

/**
 * Natural persons' identifiers (their ID number as {@code code} and their name as
 * {@code legalRepresentative}) are personal data: only the roles that inspect or administer see
 * them in full; everyone else gets them masked on the server, field by field.
 */
public final class IdentifierMasking {

    private IdentifierMasking() {}

    public static boolean seesIdentifiers(Caller caller) {
        return caller.hasAny(Role.PLATFORM_ADMIN, Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.INSPECTOR);
    }

    /**
     * Keeps the first and last four characters of long identifiers (3301**********1234), the first
     * character of short ones (a name: 张**), and hides everything else.
     */
    public static String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        int n = value.codePointCount(0, value.length());
        int[] cps = value.codePoints().toArray();
        int keepHead = n >= 10 ? 4 : 1;
        int keepTail = n >= 10 ? 4 : 0;
        if (n == 1) {
            return "*";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < n; i++) {
            if (i < keepHead || i >= n - keepTail) {
                out.appendCodePoint(cps[i]);
            } else {
                out.append('*');
            }
        }
        return out.toString();
    }

    /** The subject as this caller may see it. */
    public static Subject forCaller(Subject subject, Caller caller) {
        if (subject == null || !"NATURAL_PERSON".equals(subject.kind()) || seesIdentifiers(caller)) {
            return subject;
        }
        return new Subject(mask(subject.code()), subject.kind(), subject.type(), subject.name(), subject.formerNames(),
                mask(subject.legalRepresentative()), subject.address(), subject.ownerCode(),
                subject.registrationAuthority(), subject.regionCode(), subject.supervisingUnit(), subject.industryCode(),
                subject.industryPath(), subject.status(), subject.establishedOn(), subject.registeredCapital(),
                subject.risk(), subject.lists(), subject.licences(), subject.lastInspections(), subject.lastResults(),
                subject.findings(), subject.tags(),
                subject.tagKeys(), subject.updatedAt(), subject.publicKey());
    }
}
