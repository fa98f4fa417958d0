package io.spotcheck.system;

import java.util.function.Supplier;
import org.springframework.retry.support.RetryTemplate;

/**
 * The one retry policy for conditional writes (Elasticsearch {@code if_seq_no}/{@code if_primary_term}
 * or {@code op_type=create}) to a document several callers may change at once: a subject's tags,
 * a task, a subject's last inspections. Each attempt reads the document afresh, applies its change
 * to what it read and writes it conditionally; an attempt that lost the race throws {@link Stale}
 * and the next one starts from a fresh read, after a short random back-off so contenders spread
 * out. When every attempt lost, the caller gets CONFLICT, never a back-end error.
 */
public final class ConcurrentWrites {

    /** Attempts before giving up: enough for some fifty callers writing one document at the same moment. */
    static final int MAX_ATTEMPTS = 60;

    private static final RetryTemplate POLICY = RetryTemplate.builder()
            .maxAttempts(MAX_ATTEMPTS)
            .exponentialBackoff(5, 1.5, 250, true)
            .retryOn(Stale.class)
            .build();

    private ConcurrentWrites() {}

    /** An attempt's conditional write found the document changed since it was read. */
    public static final class Stale extends RuntimeException {
        public Stale() {
            super("the document changed since it was read", null, false, false);
        }
    }

    /**
     * Runs {@code attempt} (read, change, conditional write; {@link Stale} when the write lost) until
     * one wins; CONFLICT naming {@code what} when none did.
     */
    public static <T> T retry(String what, Supplier<T> attempt) {
        return POLICY.execute(context -> attempt.get(), context -> {
            throw SpotcheckException.conflict(what + " is being changed by others; try again");
        });
    }
}
