package io.spotcheck.result;

import io.spotcheck.relocation.Relocation;
import io.spotcheck.relocation.RelocationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the follow-up effects of submitted results after {@code submitResult} has answered
 * (docs/RESULTS.md, "Acknowledgement and follow-up"). Submissions are gathered for
 * {@code spotcheck.results.effects-window} and their markers ({@link ResultEffectsOutbox}) handed to a
 * small pool together, a round per window: the subjects index, the largest one and the one faceted
 * search reads, then changes in one burst per window instead of every moment, so Elasticsearch
 * refreshes it (and rebuilds what its searches cache per reader) about once per window rather than
 * every second under a campaign's result entry. A window of zero hands each submission over at once.
 * Whatever is still marked — the server stopped, Elasticsearch refused, a worker threw — is redone at
 * start-up and then every {@code spotcheck.results.effects-recovery-interval} for markers older than
 * {@code spotcheck.results.effects-recovery-age}, which must be longer than the window.
 *
 * <p>Redoing is safe: the effects are recomputed from the result as stored now (not from the
 * submission that marked it), and each of them writes only when what it would write differs. The
 * marker is removed only if it is still the one read, so a re-submission meanwhile keeps its own.
 */
@Component
public class ResultEffectsWorker {

    private static final Logger log = LoggerFactory.getLogger(ResultEffectsWorker.class);

    /** Results per batch of a round: one multi-get and two bulk requests each. */
    static final int BATCH = 200;

    private final ResultEffectsOutbox outbox;
    private final ResultEntryReads reads;
    private final ResultEffects effects;
    private final RelocationQueue relocations;
    private final Duration recoveryAge;
    private final ExecutorService pool;
    /** Submissions gathered for the next round (each counted in {@link #inFlight} until its round is over). */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> gathered = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ScheduledExecutorService rounds;
    /** Passes over one result run one at a time: a lock per stripe of ids (a round's batch takes the stripes of all its ids, in order). */
    private final java.util.concurrent.locks.ReentrantLock[] stripes = new java.util.concurrent.locks.ReentrantLock[64];
    private final java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean paused;

    public ResultEffectsWorker(ResultEffectsOutbox outbox, ResultEntryReads reads, ResultEffects effects, RelocationQueue relocations,
                               @Value("${spotcheck.results.effects-threads:4}") int threads,
                               @Value("${spotcheck.results.effects-recovery-age:PT10S}") Duration recoveryAge,
                               @Value("${spotcheck.results.effects-window:PT3S}") Duration window) {
        if (window.isNegative() || window.compareTo(recoveryAge) >= 0) {
            throw new IllegalArgumentException("spotcheck.results.effects-window (" + window + ") must be at least zero and shorter than "
                    + "spotcheck.results.effects-recovery-age (" + recoveryAge + "), or recovery would redo what waits for its round");
        }
        this.outbox = outbox;
        this.reads = reads;
        this.effects = effects;
        this.relocations = relocations;
        this.recoveryAge = recoveryAge;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new java.util.concurrent.locks.ReentrantLock();
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "result-effects-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (window.isZero()) {
            this.rounds = null;
        } else {
            this.rounds = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "result-effects-rounds");
                t.setDaemon(true);
                return t;
            });
            long every = window.toMillis();
            rounds.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Called once the submission is answered: applies its effects in the next round (at once when the window is zero). */
    public void submitted(String resultId) {
        if (paused) {
            return; // left to recovery
        }
        inFlight.incrementAndGet();
        if (rounds == null) {
            hand(resultId, 1);
        } else {
            gathered.add(resultId);
        }
    }

    /**
     * Hands what was gathered to the pool, once per result however often it was submitted meanwhile:
     * a pass applies the submission stored when it runs, the latest one. Runs every window; a test (or
     * an operator) may run it at once with {@link #flush()}.
     */
    private void round() {
        try {
            Map<String, Integer> ids = new java.util.LinkedHashMap<>();
            String id;
            while ((id = gathered.poll()) != null) {
                ids.merge(id, 1, Integer::sum);
            }
            List<String> batch = new java.util.ArrayList<>();
            int submissions = 0;
            for (Map.Entry<String, Integer> e : ids.entrySet()) {
                batch.add(e.getKey());
                submissions += e.getValue();
                if (batch.size() == BATCH) {
                    handBatch(batch, submissions);
                    batch = new java.util.ArrayList<>();
                    submissions = 0;
                }
            }
            if (!batch.isEmpty()) {
                handBatch(batch, submissions);
            }
        } catch (RuntimeException e) {
            // never ends the schedule: what was not handed over stays marked for recovery
            log.warn("a round of result effects failed, redone by recovery: {}", e.toString());
        }
    }

    /** Hands one result's pass to the pool; {@code submissions} are the submissions it settles. */
    private void hand(String resultId, int submissions) {
        try {
            pool.execute(() -> {
                try {
                    apply(resultId);
                } catch (RuntimeException e) {
                    log.warn("result {}: effects failed, redone by recovery: {}", resultId, e.toString());
                } finally {
                    inFlight.addAndGet(-submissions);
                }
            });
        } catch (RuntimeException e) {
            inFlight.addAndGet(-submissions);
            log.warn("result {}: effects not scheduled, redone by recovery: {}", resultId, e.toString());
        }
    }

    /** Hands a round's batch of results to the pool; {@code submissions} are the submissions it settles. */
    private void handBatch(List<String> resultIds, int submissions) {
        try {
            pool.execute(() -> {
                try {
                    applyAll(resultIds);
                } catch (RuntimeException e) {
                    log.warn("a batch of {} results: effects failed, redone by recovery: {}", resultIds.size(), e.toString());
                } finally {
                    inFlight.addAndGet(-submissions);
                }
            });
        } catch (RuntimeException e) {
            inFlight.addAndGet(-submissions);
            log.warn("a batch of {} results: effects not scheduled, redone by recovery: {}", resultIds.size(), e.toString());
        }
    }

    /** Hands everything gathered so far to the pool now, without waiting for the round. */
    public void flush() {
        if (rounds != null) {
            try {
                rounds.submit(this::round).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
                log.warn("result effects not flushed, redone by recovery: {}", e.toString());
            }
        }
    }

    /**
     * Applies the effects pending for {@code resultId}, if any, and clears its marker. Answers true when
     * effects were applied. Passes over one result run one at a time (a lock per stripe of ids); a pass
     * that finds the marker replaced by a later submission goes again, so the last one's effects hold.
     */
    public boolean apply(String resultId) {
        java.util.concurrent.locks.ReentrantLock stripe = stripes[stripe(resultId)];
        stripe.lock();
        try {
            boolean applied = false;
            for (int pass = 0; pass < 20; pass++) {
                // the marker and the result in one round trip: a submission landing meanwhile can make either the
                // newer one, as between two gets in a row; the checks below hold for every such pair
                ResultEntryReads.Pending both = reads.pending(resultId);
                ResultEffectsOutbox.Marked marked = both.marker();
                if (marked == null) {
                    return applied;
                }
                ResultEffectsOutbox.Pending p = marked.pending();
                ResultStore.Versioned read = both.result();
                if (read != null) {
                    applyTo(read.result(), p);
                    applied = true;
                }
                // The marker announces one submission: until that one is stored (it is written right after
                // the marker) the marker stays, and the submission's own pass applies it. One whose result
                // never came (refused as a conflict, or the server stopped in between) is removed once old.
                if (!stored(p, read) && !abandoned(p)) {
                    return applied;
                }
                if (outbox.clear(marked)) {
                    return applied;
                }
            }
            throw new IllegalStateException("the effects marker of result " + resultId + " kept changing");
        } finally {
            stripe.unlock();
        }
    }

    private int stripe(String resultId) {
        return Math.floorMod(resultId.hashCode(), stripes.length);
    }

    /**
     * {@link #apply} for a round's batch of results, with the same checks, in a few requests for all of
     * them: one multi-get of their markers and results, one of their subjects, one bulk request of
     * the subjects' guarded updates (each result's listings and relocation finding then, as alone) and
     * one bulk request removing the markers still exactly as read. A result that cannot go with the
     * batch — its marker's submission not stored yet but abandoned, a second result of the same
     * subject, a subject or marker changed meanwhile, a failure of its own — goes through
     * {@link #apply} after the batch, which reads again. Holds the stripes of every id of the batch,
     * taken in order, so no single pass over one of them runs meanwhile.
     */
    void applyAll(List<String> resultIds) {
        int[] taken = resultIds.stream().mapToInt(this::stripe).distinct().sorted().toArray();
        for (int i = 0; i < taken.length; i++) {
            stripes[taken[i]].lock();
        }
        try {
            Map<String, ResultEntryReads.Pending> read = reads.pendingAll(resultIds);
            java.util.Set<String> alone = new java.util.LinkedHashSet<>();
            List<ResultEffects.Applying> batch = new java.util.ArrayList<>();
            Map<String, ResultEntryReads.Pending> applying = new java.util.LinkedHashMap<>();
            read.forEach((id, both) -> {
                ResultEffectsOutbox.Marked marked = both.marker();
                if (marked == null) {
                    return; // nothing pending (applied by an earlier pass)
                }
                if (both.result() == null || !stored(marked.pending(), both.result())) {
                    if (abandoned(marked.pending())) {
                        alone.add(id); // to be removed once old, after the stored result's effects: as alone
                    }
                    return; // the marker waits for its submission's own pass
                }
                if (failNext.getAndSet(false)) {
                    log.warn("result {}: effects interrupted for a test, redone by recovery", id);
                    return;
                }
                ResultEffectsOutbox.Pending p = marked.pending();
                batch.add(new ResultEffects.Applying(both.result().result(), java.util.Set.copyOf(p.uncheckedItems() == null ? List.of()
                        : p.uncheckedItems()), p.by()));
                applying.put(id, both);
            });
            alone.addAll(effects.applyAll(batch));
            List<ResultEffectsOutbox.Marked> clear = new java.util.ArrayList<>();
            applying.forEach((id, both) -> {
                if (alone.contains(id)) {
                    return;
                }
                try {
                    relocationFinding(both.result().result(), both.marker().pending());
                    clear.add(both.marker());
                } catch (RuntimeException e) {
                    log.warn("result {}: relocation finding failed, redone by recovery: {}", id, e.toString());
                }
            });
            alone.addAll(outbox.clearAll(clear));
            for (String id : alone) {
                try {
                    apply(id);
                } catch (RuntimeException e) {
                    log.warn("result {}: effects failed, redone by recovery: {}", id, e.toString());
                }
            }
        } finally {
            for (int i = taken.length - 1; i >= 0; i--) {
                stripes[taken[i]].unlock();
            }
        }
    }

    /** The marker's submission is the result as stored. */
    private static boolean stored(ResultEffectsOutbox.Pending p, ResultStore.Versioned read) {
        return read != null && p.submittedAt() != null && p.submittedAt().equals(read.result().submittedAt());
    }

    private boolean abandoned(ResultEffectsOutbox.Pending p) {
        return p.markedAt() == null || p.markedAt().isBefore(Instant.now().minus(recoveryAge));
    }

    private void applyTo(Result r, ResultEffectsOutbox.Pending p) {
        if (failNext.getAndSet(false)) {
            throw new IllegalStateException("effects interrupted for a test: the server stood for one that stopped here");
        }
        effects.apply(r, Set.copyOf(p.uncheckedItems() == null ? List.of() : p.uncheckedItems()), p.by());
        relocationFinding(r, p);
    }

    private void relocationFinding(Result r, ResultEffectsOutbox.Pending p) {
        boolean needed = Boolean.TRUE.equals(r.reassignmentNeeded());
        if (!needed && ResultEffects.firstSubmission(r)) {
            return; // a finding is made only by a submission that needs one, under the result's id: none exists to cancel
        }
        ResultEffectsOutbox.RelocationNote note = p.relocation();
        // 迁出 / 注销 found on site: the lead department's relocation queue (docs/RESULTS.md)
        relocations.reported(Relocation.finding(r.id(), r.taskId(), r.leadDepartment(), r.department(), r.agency(),
                r.subjectCode(), r.subjectKind(), r.resultCodes(), r.inspectorIds(), r.submittedBy(), r.submittedAt(),
                r.inspectionDate(), note == null ? null : note.newAddress(), note == null ? null : note.newRegionCode(),
                note == null ? null : note.note()), needed);
    }

    /**
     * Redoes the effects of every result marked before {@code before} (all of them at start-up). Answers
     * how many results had effects applied. Public so that an operator (and the tests) can run it at once.
     */
    public int recover(Instant before) {
        int applied = 0;
        for (int round = 0; round < 1000; round++) {
            outbox.refresh();
            List<String> ids = outbox.pendingSince(before, 500);
            int cleared = 0;
            for (String id : ids) {
                try {
                    if (apply(id)) {
                        applied++;
                    }
                    cleared++;
                } catch (RuntimeException e) {
                    log.warn("result {}: effects failed again, retried next round: {}", id, e.toString());
                }
            }
            if (ids.size() < 500 || cleared == 0) {
                break;
            }
        }
        if (applied > 0) {
            log.info("redid the pending effects of {} results", applied);
        }
        return applied;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void recoverAtStart() {
        pool.execute(() -> {
            try {
                recover(Instant.now().plusSeconds(1));
            } catch (RuntimeException e) {
                log.warn("pending result effects not redone at start-up (next round follows): {}", e.toString());
            }
        });
    }

    @Scheduled(fixedDelayString = "${spotcheck.results.effects-recovery-interval:PT30S}", initialDelayString = "${spotcheck.results.effects-recovery-interval:PT30S}")
    public void recoverPeriodically() {
        try {
            recover(Instant.now().minus(recoveryAge));
        } catch (RuntimeException e) {
            log.warn("pending result effects not redone this round: {}", e.toString());
        }
    }

    /**
     * Stops handing submissions to the pool (they stay marked for recovery) or resumes. Lets a test
     * stand for a server that stopped between the answer and the effects.
     */
    public void pause(boolean paused) {
        this.paused = paused;
    }

    /** Stops the pool; what is still marked is redone by the next start's recovery. */
    @jakarta.annotation.PreDestroy
    public void stop() {
        if (rounds != null) {
            rounds.shutdown();
        }
        pool.shutdown();
    }

    /** The next pass over a result throws before writing anything, as a server stopping there would leave it. */
    public void failNextOnce() {
        failNext.set(true);
    }

    /** Waits until every submission so far has had its effects applied (at most one window later); false on timeout. */
    public boolean awaitIdle(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
