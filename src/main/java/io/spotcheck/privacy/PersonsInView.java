package io.spotcheck.privacy;

import io.spotcheck.security.Caller;

/**
 * Which persons a caller who sees persons masked may still name by ID number: only those it already
 * sees in clear somewhere (a reviewer, the persons of its own review queue). Everywhere else a query
 * by a person's ID number answers such a caller as if the person did not exist, so that a right guess
 * of the hidden digits of a masked ID reads like a wrong one (docs/SECURITY.md, "Guessing").
 * Implemented by the feature that shows the persons; this package never imports a feature.
 */
public interface PersonsInView {

    /** True when {@code caller} already sees the subject with this code in clear; false for any other caller. */
    boolean inView(Caller caller, String code);

    /**
     * Whether a by-code query must answer {@code caller} as if the subject did not exist: the caller sees
     * persons masked, the code is a person's (a resident ID number, or a subject known to be a natural
     * person) and the person is not in its view. {@code inView} is asked whatever the code, so that a
     * person found costs the same requests as one missing.
     */
    static boolean hidden(PersonsInView view, Caller caller, String code, boolean knownPerson) {
        if (PersonAccess.seesPersons(caller)) {
            return false;
        }
        boolean inView = view.inView(caller, code);
        return !inView && (knownPerson || PersonMask.isResidentId(code));
    }
}
