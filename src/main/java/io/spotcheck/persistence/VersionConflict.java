package io.spotcheck.persistence;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A conditional write (sequence number and primary term, or {@code op_type=create}) lost: someone
 * changed or created the document since it was read. Stores throw it; services turn it into their
 * CONFLICT answer, or retry through {@link Retries#onConflict}. It is Spring's own
 * {@link OptimisticLockingFailureException}, so a conflict nobody handles still maps to CONFLICT.
 */
public class VersionConflict extends OptimisticLockingFailureException {

    public VersionConflict(String what) {
        super(what + " was changed by someone else");
    }

    public VersionConflict(String what, Throwable cause) {
        super(what + " was changed by someone else", cause);
    }
}
