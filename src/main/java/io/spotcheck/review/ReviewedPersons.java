package io.spotcheck.review;

import io.spotcheck.privacy.PersonsInView;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import org.springframework.stereotype.Component;

/**
 * A reviewer sees the persons of its own review queue in clear ({@code PersonAccess.seesPersonsUnderReview})
 * and opens them by code; it names no other person by ID number.
 */
@Component
class ReviewedPersons implements PersonsInView {

    private final ReviewAccess access;
    private final ReviewStore store;

    ReviewedPersons(ReviewAccess access, ReviewStore store) {
        this.access = access;
        this.store = store;
    }

    @Override
    public boolean inView(Caller caller, String code) {
        if (caller == null || code == null || !caller.has(Role.AGENCY_REVIEWER) || caller.has(Role.AUTOMATION)) {
            return false;
        }
        ReviewAccess.QueueScope scope;
        try {
            scope = access.queueFor(caller, null, null);
        } catch (SpotcheckException e) {
            return false;
        }
        return store.inQueue(scope.department(), scope.agency(), code);
    }
}
