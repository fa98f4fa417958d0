package io.spotcheck.persistence;

import java.util.function.Supplier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.retry.RetryCallback;
import org.springframework.retry.support.RetryTemplate;

/**
 * The retry policy of the application, on Spring Retry, in its two uses:
 * <ul>
 *   <li>{@link #onConflict}: a read-change-conditional-write attempt that lost the race
 *       ({@link VersionConflict}) starts again from a fresh read, after a short random back-off so
 *       contenders spread out. Enough attempts for some fifty callers writing one document at once;
 *       when every attempt lost, the caller decides (usually CONFLICT).</li>
 *   <li>{@link #onBackendHiccup}: work that must happen once Elasticsearch answers (start-up, jobs)
 *       is retried while the back end is unreachable or overloaded
 *       ({@link DataAccessResourceFailureException}, see {@link BackendErrors}), backing off up to
 *       fifteen seconds.</li>
 * </ul>
 */
public final class Retries {

    /** Attempts before a conflicting write gives up. */
    public static final int CONFLICT_ATTEMPTS = 60;

    private static final RetryTemplate CONFLICTS = RetryTemplate.builder()
            .maxAttempts(CONFLICT_ATTEMPTS)
            .exponentialBackoff(5, 1.5, 250, true)
            .retryOn(OptimisticLockingFailureException.class)
            .traversingCauses()
            .build();

    private static final RetryTemplate HICCUPS = RetryTemplate.builder()
            .infiniteRetry()
            .exponentialBackoff(1000, 2, 15_000)
            .retryOn(DataAccessResourceFailureException.class)
            .traversingCauses()
            .build();

    private Retries() {}

    /**
     * Runs {@code attempt} (read, change, conditional write; {@link VersionConflict} when the write
     * lost) until one wins; {@code whenAllLost} answers when none did.
     */
    public static <T> T onConflict(Supplier<T> attempt, Supplier<T> whenAllLost) {
        return CONFLICTS.execute(context -> attempt.get(), context -> whenAllLost.get());
    }

    /**
     * Runs {@code work} until it completes without a back-end hiccup, forever; {@code onFailure} sees
     * each failed attempt (for health and logs). Any other failure ends the retries and is thrown.
     */
    public static <T> T onBackendHiccup(Supplier<T> work, java.util.function.Consumer<Throwable> onFailure) {
        RetryCallback<T, RuntimeException> callback = context -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                RuntimeException translated = BackendErrors.translate("start-up work", e);
                onFailure.accept(translated);
                throw translated;
            }
        };
        return HICCUPS.execute(callback);
    }
}
