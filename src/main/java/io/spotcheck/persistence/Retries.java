package io.spotcheck.persistence;

import java.util.function.Consumer;
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
 *   <li>{@link #untilBackendAnswers} and {@link #onBackendHiccup}: work that must happen once
 *       Elasticsearch answers (start-up, background jobs) is retried while the back end is unreachable
 *       or overloaded ({@link DataAccessResourceFailureException}, see {@link BackendErrors}), backing
 *       off up to fifteen seconds; start-up without end, jobs a bounded number of times.</li>
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

    /** Attempts of work that gives up on a lasting outage (about two minutes of back-off). */
    public static final int HICCUP_ATTEMPTS = 10;

    private static final RetryTemplate HICCUPS = hiccups(HICCUP_ATTEMPTS);

    private static final RetryTemplate UNTIL_ANSWERED = RetryTemplate.builder()
            .infiniteRetry()
            .exponentialBackoff(1000, 2, 15_000)
            .retryOn(DataAccessResourceFailureException.class)
            .traversingCauses()
            .build();

    private static RetryTemplate hiccups(int attempts) {
        return RetryTemplate.builder()
                .maxAttempts(attempts)
                .exponentialBackoff(1000, 2, 15_000)
                .retryOn(DataAccessResourceFailureException.class)
                .traversingCauses()
                .build();
    }

    private Retries() {}

    /**
     * Runs {@code attempt} (read, change, conditional write; {@link VersionConflict} when the write
     * lost) until one wins; {@code whenAllLost} answers when none did.
     */
    public static <T> T onConflict(Supplier<T> attempt, Supplier<T> whenAllLost) {
        return CONFLICTS.execute(context -> attempt.get(), context -> whenAllLost.get());
    }

    /**
     * Runs {@code work} until it completes without a back-end hiccup, however long that takes (start-up
     * while Elasticsearch comes up); {@code onFailure} sees each failed attempt, for health and logs.
     * Any other failure ends the retries and is thrown.
     */
    public static <T> T untilBackendAnswers(Supplier<T> work, Consumer<Throwable> onFailure) {
        return UNTIL_ANSWERED.execute(translating(work, onFailure));
    }

    /**
     * Runs {@code work}, again after a back-off while the back end hiccups, up to
     * {@link #HICCUP_ATTEMPTS} times; then, or on any other failure, throws it (translated by
     * {@link BackendErrors}). For idempotent background work such as a resumable job.
     */
    public static <T> T onBackendHiccup(Supplier<T> work, Consumer<Throwable> onFailure) {
        return HICCUPS.execute(translating(work, onFailure));
    }

    private static <T> RetryCallback<T, RuntimeException> translating(Supplier<T> work, Consumer<Throwable> onFailure) {
        return context -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                RuntimeException translated = BackendErrors.translate("background work", e);
                onFailure.accept(translated);
                throw translated;
            }
        };
    }
}
