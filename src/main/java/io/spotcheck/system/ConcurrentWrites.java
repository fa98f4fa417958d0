package io.spotcheck.system;

import io.spotcheck.persistence.Retries;
import io.spotcheck.persistence.VersionConflict;
import java.util.function.Supplier;

/**
 * Conditional writes (Elasticsearch {@code if_seq_no}/{@code if_primary_term} or
 * {@code op_type=create}) to a document several callers may change at once — a subject's tags, a
 * task, a subject's last inspections — on the application's one retry policy
 * ({@link Retries#onConflict}). Each attempt reads the document afresh, applies its change to what
 * it read and writes it conditionally; an attempt that lost the race throws {@link Stale} (or lets
 * the store's {@link VersionConflict} through). When every attempt lost, the caller gets CONFLICT,
 * never a back-end error.
 */
public final class ConcurrentWrites {

    private ConcurrentWrites() {}

    /** An attempt's conditional write found the document changed since it was read. */
    public static final class Stale extends VersionConflict {
        public Stale() {
            super("the document");
        }

        /** Expected and retried, never logged: the stack would only cost. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * Runs {@code attempt} (read, change, conditional write; {@link Stale} when the write lost) until
     * one wins; CONFLICT naming {@code what} when none did.
     */
    public static <T> T retry(String what, Supplier<T> attempt) {
        return Retries.onConflict(attempt, () -> {
            throw SpotcheckException.conflict(what + " is being changed by others; try again");
        });
    }
}
