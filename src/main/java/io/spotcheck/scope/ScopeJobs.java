package io.spotcheck.scope;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.checkpoint.CheckpointStore;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.privacy.PersonNaming;
import io.spotcheck.subject.PublicKeyBackfill;
import io.spotcheck.search.IndexBootstrap;
import io.spotcheck.security.Caller;
import io.spotcheck.subject.SubjectFilter;
import io.spotcheck.subject.SubjectQueries;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import jakarta.annotation.PreDestroy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds scopes as server-side jobs on a small bounded pool. The walk goes over a point in time
 * of the subjects sorted by code, writes each chunk's members under {@code scopeId:code} and the
 * same members as snapshot chunk {@code scopeId:n} (stamped with the walk's id) in one bulk request,
 * and then checkpoints the last code written in Redis. A crash between the two replays the chunk,
 * which rewrites the same documents; a lost checkpoint starts a new walk (a new id), which rewrites
 * all of them. Freezing reads the snapshot chunks back from the index (never trusting the
 * checkpoint's counts), refuses a missing chunk or one of another walk, and computes the digest and
 * the strata from them. Imported lists, whose codes come in any order, freeze by re-reading their
 * members sorted instead.
 * Because the checkpoint is only a hint, Redis being flushed, down or restarted never fails a job:
 * a checkpoint that cannot be read starts the walk over, one that cannot be written is skipped.
 */
@Component
public class ScopeJobs {

    private static final Logger log = LoggerFactory.getLogger(ScopeJobs.class);
    public static final int SNAPSHOT_LINES = 10_000;

    /** What a client sees of a job. {@code lastCode} names a member by its public key (a person's is random), never by its ID number. */
    public record Progress(String scopeId, String status, long processed, Long expected, int chunks, String lastCode,
                           Long memberCount, String digest, String error) {

        public boolean finished() {
            return "FROZEN".equals(status) || "CANCELLED".equals(status) || "FAILED".equals(status);
        }
    }

    /**
     * Set to false in a FILTER scope's definition when its creator sees persons masked: the filter is
     * then run as that caller's subject search runs it ({@link SubjectQueries#toQuery(SubjectFilter,
     * java.util.function.Predicate, boolean)}): its text, name prefix and codes never match a natural
     * person, so the scope's counts cannot confirm a guess of a person's name or ID number.
     */
    public static final String PERSONS_IN_CLEAR = "personsInClear";

    /**
     * The outcome of streaming an imported list of codes.
     *
     * @param lines lines in the body, blank ones included
     * @param read codes read (lines that carried one)
     * @param rejectedCount lines that carried no usable code (the header excepted)
     * @param rejected the first {@link #MAX_LISTED} of those, with line number, text and reason
     */
    public record ImportReport(String scopeId, long lines, long read, long members, long notFoundCount, List<String> notFound,
                               long rejectedCount, List<RejectedLine> rejected) {}

    /** A line of an imported list that was not read as a code. */
    public record RejectedLine(long line, String text, String reason) {}

    /** Codes not found and lines rejected listed in a report; beyond that only counted. */
    static final int MAX_LISTED = 1000;
    /** What a code of an imported list looks like: a credit code or another registration number. */
    private static final java.util.regex.Pattern LISTED_CODE = java.util.regex.Pattern.compile("[0-9A-Z]{6,64}");

    private final ScopeStore store;
    private final CheckpointStore checkpoints;
    private final ObjectMapper json;
    private final int chunkSize;
    private final int resumeAttempts;
    private final long membersPerSlice;
    private final ThreadPoolExecutor executor;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelRequested = ConcurrentHashMap.newKeySet();

    private final PublicKeyBackfill keys;

    public ScopeJobs(ScopeStore store, CheckpointStore checkpoints, ObjectMapper json, IndexBootstrap indices, PublicKeyBackfill keys,
                     @Value("${spotcheck.scope.chunk-size:5000}") int chunkSize,
                     @Value("${spotcheck.scope.workers:2}") int workers,
                     @Value("${spotcheck.scope.resume-attempts:8}") int resumeAttempts,
                     @Value("${spotcheck.scope.members-per-slice:100000}") long membersPerSlice) {
        this.membersPerSlice = membersPerSlice;
        this.keys = keys;
        this.store = store;
        this.resumeAttempts = Math.max(1, resumeAttempts);
        this.checkpoints = checkpoints;
        this.json = json;
        this.chunkSize = chunkSize;
        this.executor = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "scope-job");
            t.setDaemon(true);
            return t;
        });
        indices.whenReady(this::resumeUnfinished);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** At start-up: every scope still BUILDING continues where its checkpoint says. */
    public void resumeUnfinished() {
        try {
            for (Scope scope : store.unfinished()) {
                if (!"IMPORTED".equals(scope.kind())) {
                    log.info("resuming scope job {}", scope.id());
                    start(scope.id());
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not resume scope jobs: {}", e.toString());
        }
    }

    /** Starts (or resumes) the job in the background; a job already running here is left alone. */
    public void start(String scopeId) {
        if (!running.add(scopeId)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    runResuming(scopeId);
                } finally {
                    running.remove(scopeId);
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(scopeId);
            throw new SpotcheckException(ErrorCode.RATE_LIMITED, "too many scope jobs are queued; try again shortly");
        }
    }

    /**
     * Runs the job; when a back end fails under it (an Elasticsearch node lost with a shard copy or
     * the point in time, a master election, a request timed out) it resumes from its checkpoint after
     * a pause, as a restarted server would, and is marked FAILED only when the failures outlast
     * {@code spotcheck.scope.resume-attempts} attempts (pauses of 1, 2, 4 … up to 30 s).
     */
    private void runResuming(String scopeId) {
        long pause = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                runChunks(scopeId, Integer.MAX_VALUE);
                return;
            } catch (RuntimeException e) {
                if (attempt >= resumeAttempts || cancelRequested.contains(scopeId) || Thread.currentThread().isInterrupted()) {
                    log.warn("scope job {} failed: {}", scopeId, e.toString());
                    store.update(scopeId, Map.of("status", "FAILED", "error", String.valueOf(e.getMessage())));
                    return;
                }
                log.warn("scope job {} interrupted ({}); resuming from its checkpoint in {} ms (attempt {} of {})",
                        scopeId, e.toString(), pause, attempt + 1, resumeAttempts);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(pause * 2, 30_000);
        }
    }

    /**
     * Resumes a filter or special-list job that is BUILDING, or that FAILED (a back end was down):
     * its members are rewritten under the same ids, so resuming after a failure is as exact as
     * resuming after a crash. Finished (FROZEN, CANCELLED) and imported scopes are left alone.
     */
    public void resume(Scope scope) {
        if ("IMPORTED".equals(scope.kind())) {
            return;
        }
        if ("FAILED".equals(scope.status())) {
            // the whole document again: a partial update cannot remove the error field
            store.replace(new Scope(scope.id(), scope.name(), scope.department(), scope.kind(), scope.definition(), "BUILDING",
                    null, null, null, scope.chunkCount(), scope.notFound(), scope.notFoundCount(), null, scope.createdBy(),
                    scope.createdAt(), null));
            log.info("resuming failed scope job {}", scope.id());
        } else if (!"BUILDING".equals(scope.status())) {
            return;
        }
        start(scope.id());
    }

    public boolean isRunning(String scopeId) {
        return running.contains(scopeId);
    }

    public void cancel(String scopeId) {
        cancelRequested.add(scopeId);
        store.update(scopeId, Map.of("status", "CANCELLED"));
        deleteCheckpoint(scopeId);
    }

    public Progress progress(String scopeId) {
        Scope scope = store.get(scopeId);
        if (scope == null) {
            return null;
        }
        Map<String, String> cp = loadCheckpoint(scopeId);
        long processed = scope.isFrozen() ? scope.memberCount() : Long.parseLong(cp.getOrDefault("processed", "0"));
        Long expected = scope.isFrozen() ? scope.memberCount() : cp.containsKey("expected") ? Long.valueOf(cp.get("expected")) : null;
        return new Progress(scopeId, scope.status(), processed, expected, Integer.parseInt(cp.getOrDefault("chunks", "0")),
                cp.get("lastCode"), scope.memberCount(), scope.digest(), scope.error());
    }

    /**
     * Runs at most {@code maxChunks} chunks of the walk, then freezes if the walk is done.
     * Returns true when the scope is frozen. Stopping early is what a crash looks like.
     */
    public boolean runChunks(String scopeId, int maxChunks) {
        return runChunks(scopeId, maxChunks, chunkSize);
    }

    /** As {@link #runChunks(String, int)} with another chunk size (tests walk small scopes in many chunks). */
    public boolean runChunks(String scopeId, int maxChunks, int chunkSize) {
        Scope scope = store.get(scopeId);
        if (scope == null || scope.isFinished()) {
            return scope != null && scope.isFrozen();
        }
        if ("IMPORTED".equals(scope.kind())) {
            return false;
        }
        Query filter = filterQuery(scope);
        Map<String, String> cp = loadCheckpoint(scopeId);
        String resumeAfter = cp.get("lastCode");
        long processed = Long.parseLong(cp.getOrDefault("processed", "0"));
        int chunks = Integer.parseInt(cp.getOrDefault("chunks", "0"));
        boolean walked = "true".equals(cp.get("walked"));
        // A walk from the first subject gets a new id; its chunks carry it, so the freeze can tell them
        // from chunks an earlier, abandoned walk (a lost checkpoint) left behind.
        String walk = resumeAfter != null || walked ? cp.get("walk") : null;
        if (walk == null) {
            resumeAfter = null;
            processed = 0;
            chunks = 0;
            walked = false;
            walk = java.util.UUID.randomUUID().toString();
        }
        final String walkId = walk;
        long expected;
        if (cp.containsKey("expected")) {
            expected = Long.parseLong(cp.get("expected"));
        } else {
            expected = store.countSubjects(filter);
            saveCheckpoint(scopeId, Map.of("expected", Long.toString(expected)));
        }
        long walkStarted = System.nanoTime();
        if (!walked) {
            // The walk goes in public-key order: a subject stored before keys existed gets its key first.
            if (keys.missing() > 0) {
                keys.run();
            }
            // The members still to walk, read as slices of one point in time and merged in key order
            // (SlicedWalk says why); a resumed walk continues past its last key in every slice.
            int slices = SlicedWalk.slicesFor(expected - processed, membersPerSlice, chunkSize);
            String resumeKey = resumeAfter;
            SlicedWalk reader = new SlicedWalk((p, slice, max, after, size) -> store.subjectChunk(p, filter, resumeKey, after, size, slice, max),
                    store.openSubjectsPit(), slices, chunkSize);
            // The next chunk is read while the previous one is written (one write in flight); a
            // chunk's checkpoint is saved only once its write has finished, so a crash still
            // replays at most the chunks not checkpointed.
            ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "scope-members-writer");
                t.setDaemon(true);
                return t;
            });
            Future<?> writing = null;
            Map<String, String> pending = null;
            try {
                for (int i = 0; i < maxChunks; i++) {
                    if (cancelledLately(scopeId, i == 0)) {
                        return false;
                    }
                    List<DrawMember> members = reader.next(chunkSize);
                    if (writing != null) {
                        await(writing);
                        saveCheckpoint(scopeId, pending);
                        writing = null;
                    }
                    if (members.isEmpty()) {
                        walked = true;
                        saveCheckpoint(scopeId, Map.of("walked", "true", "walk", walkId, "chunks", Integer.toString(chunks),
                                "processed", Long.toString(processed)));
                        break;
                    }
                    int chunkNumber = chunks;
                    writing = writer.submit(() -> store.writeWalkChunk(scopeId, chunkNumber, walkId, members));
                    processed += members.size();
                    chunks++;
                    String lastCode = members.get(members.size() - 1).code();
                    walked = members.size() < chunkSize;
                    pending = Map.of("lastCode", lastCode, "processed", Long.toString(processed),
                            "chunks", Integer.toString(chunks), "walked", Boolean.toString(walked), "walk", walkId);
                    if (walked) {
                        break;
                    }
                }
                if (writing != null) {
                    await(writing);
                    saveCheckpoint(scopeId, pending);
                }
            } finally {
                writer.shutdownNow();
                store.closePit(reader.pit());
                lastCancelPoll.remove(scopeId);
            }
        }
        if (!walked || cancelled(scopeId)) {
            return false;
        }
        long freezeStarted = System.nanoTime();
        freezeWalk(scopeId, walkId, chunks);
        log.info("scope {}: walk (this run) {} ms, freeze {} ms", scopeId, (freezeStarted - walkStarted) / 1_000_000,
                (System.nanoTime() - freezeStarted) / 1_000_000);
        return true;
    }

    /**
     * Digest and strata from the snapshot chunks the walk wrote, read back from the index (never
     * trusting the checkpoint's counts): chunks 0 … {@code chunkCount − 1}, all of this walk, with
     * codes strictly ascending across them. Anything else — a chunk missing or written by another
     * walk — drops the checkpoint and fails the job, so resuming it walks again from the start.
     */
    private void freezeWalk(String scopeId, String walk, int chunkCount) {
        store.refreshSnapshots();
        // Once FROZEN, the members are searchable too (they back member look-ups and the fault suite's checks).
        store.refreshMembers();
        SnapshotDigest digest = new SnapshotDigest();
        final int batch = 20;
        try {
            for (int from = 0; from < chunkCount; from += batch) {
                for (ScopeStore.SnapshotChunk chunk : store.snapshotChunks(scopeId, from, Math.min(chunkCount, from + batch))) {
                    if (chunk == null || !walk.equals(chunk.walk())) {
                        throw new IllegalStateException("snapshot chunk " + (chunk == null ? "missing" : chunk.chunk() + " is from another walk"));
                    }
                    chunk.members().forEach(digest::add);
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            deleteCheckpoint(scopeId);
            throw new IllegalStateException("scope " + scopeId + " cannot be frozen (" + e.getMessage() + "); resuming it walks again", e);
        }
        store.deleteSnapshotChunksFrom(scopeId, chunkCount);
        markFrozen(scopeId, digest, chunkCount);
    }

    private void markFrozen(String scopeId, SnapshotDigest digest, int chunkCount) {
        Map<String, Object> frozen = new LinkedHashMap<>();
        frozen.put("format", Scope.FORMAT);
        frozen.put("snapshotBytes", digest.bytes());
        frozen.put("status", "FROZEN");
        frozen.put("memberCount", digest.count());
        frozen.put("strata", digest.strata());
        frozen.put("digest", digest.hex());
        frozen.put("chunkCount", chunkCount);
        frozen.put("frozenAt", Instant.now().toString());
        store.update(scopeId, frozen);
        deleteCheckpoint(scopeId);
        log.info("scope {} frozen: {} members in {} snapshot chunks", scopeId, digest.count(), chunkCount);
    }

    private static void await(Future<?> write) {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing scope members", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Nanos between two reads of the scope document in the walk: a cancel on another instance is seen within this. */
    private static final long CANCEL_POLL_NANOS = 1_000_000_000L;
    private final Map<String, Long> lastCancelPoll = new ConcurrentHashMap<>();

    /**
     * A cancel on this instance is seen at once; one sent to another instance is in the scope
     * document, which the walk reads at most once a second (reading it before every chunk cost a
     * realtime get each time).
     */
    private boolean cancelledLately(String scopeId, boolean first) {
        if (cancelRequested.contains(scopeId)) {
            return true;
        }
        long now = System.nanoTime();
        Long last = lastCancelPoll.get(scopeId);
        if (!first && last != null && now - last < CANCEL_POLL_NANOS) {
            return false;
        }
        lastCancelPoll.put(scopeId, now);
        return cancelled(scopeId);
    }

    private boolean cancelled(String scopeId) {
        if (cancelRequested.contains(scopeId)) {
            return true;
        }
        Scope now = store.get(scopeId);
        return now == null || "CANCELLED".equals(now.status());
    }

    /** Digest, strata and snapshot from the members as indexed, in key order; repeatable (imported lists). */
    public void freeze(String scopeId) {
        Scope before = store.get(scopeId);
        store.refreshMembers();
        SnapshotDigest digest = new SnapshotDigest();
        List<DrawMember> buffer = new ArrayList<>(SNAPSHOT_LINES);
        int chunk = 0;
        Iterator<DrawMember> members = store.members(scopeId, SNAPSHOT_LINES);
        while (members.hasNext()) {
            DrawMember m = members.next();
            digest.add(m);
            buffer.add(m);
            if (buffer.size() == SNAPSHOT_LINES) {
                store.writeSnapshotChunk(scopeId, chunk++, buffer);
                buffer = new ArrayList<>(SNAPSHOT_LINES);
            }
        }
        if (!buffer.isEmpty()) {
            store.writeSnapshotChunk(scopeId, chunk++, buffer);
        }
        if (before != null && before.chunkCount() != null) {
            store.deleteSnapshotChunks(scopeId, chunk, before.chunkCount());
        }
        markFrozen(scopeId, digest, chunk);
    }

    /**
     * Streams an imported list (one code per line; blank lines and a header without digits are
     * skipped) in batches: look the codes up, write the members found, report those not found.
     * Re-sending the same list rewrites the same members, so a broken upload is simply sent again.
     * A line naming a natural person by ID number from a caller who sees persons masked is rejected
     * before it is looked up ({@link PersonNaming}), its text masked: found or not, it reads the same.
     */
    public ImportReport importCodes(String scopeId, Reader body, Caller caller) {
        Scope scope = store.get(scopeId);
        if (scope == null || !"IMPORTED".equals(scope.kind())) {
            throw SpotcheckException.badInput("scopeId", "not an imported-list scope");
        }
        if (scope.isFinished()) {
            throw new SpotcheckException(ErrorCode.INVALID_STATE, "scope " + scopeId + " is already " + scope.status());
        }
        if (keys.missing() > 0) {
            // members are named by their public keys: a subject stored before keys existed gets its key first
            keys.run();
        }
        long read = 0;
        long lines = 0;
        long notFoundCount = 0;
        long rejectedCount = 0;
        List<String> notFound = new ArrayList<>();
        List<RejectedLine> rejected = new ArrayList<>();
        Set<String> batch = new LinkedHashSet<>();
        try (BufferedReader reader = new BufferedReader(body)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                String code = line.split("[,\\t]", 2)[0].trim().replace("\uFEFF", "").toUpperCase(java.util.Locale.ROOT);
                if (code.isEmpty()) {
                    continue;
                }
                if (!LISTED_CODE.matcher(code).matches() || !code.matches(".*\\d.*")) {
                    if (lines == 1 && !code.matches(".*\\d.*")) {
                        continue; // a header row such as "code" or "统一社会信用代码"
                    }
                    rejectedCount++;
                    if (rejected.size() < MAX_LISTED) {
                        rejected.add(new RejectedLine(lines, quoted(caller, line), "not a code: 6 to 64 digits and letters A–Z with at least one digit"));
                    }
                    continue;
                }
                if (PersonNaming.refused(caller, code)) {
                    rejectedCount++;
                    if (rejected.size() < MAX_LISTED) {
                        rejected.add(new RejectedLine(lines, PersonMask.id(code), PersonNaming.REFUSAL));
                    }
                    continue;
                }
                read++;
                batch.add(code);
                if (batch.size() >= chunkSize) {
                    notFoundCount += importBatch(scopeId, batch, notFound);
                    saveCheckpoint(scopeId, Map.of("processed", Long.toString(read)));
                    batch.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        notFoundCount += importBatch(scopeId, batch, notFound);
        store.update(scopeId, Map.of("notFound", notFound, "notFoundCount", notFoundCount));
        freeze(scopeId);
        Scope frozen = store.get(scopeId);
        List<String> shownNotFound = PersonAccess.seesPersons(caller) ? notFound : notFound.stream().map(c -> PersonMask.scrub(c, null)).toList();
        return new ImportReport(scopeId, lines, read, frozen.memberCount(), notFoundCount, shownNotFound, rejectedCount, rejected);
    }

    /**
     * A rejected line as {@code caller} reads it in the report, cut at 80 characters. A caller who
     * sees natural persons masked reads only its first cell, the code it was read for, resident ID
     * numbers in it masked ({@link PersonNaming#echoed}): the rest of a line of a spreadsheet
     * (a name, an address) is never quoted back to it.
     */
    static String quoted(Caller caller, String line) {
        String text = PersonAccess.seesPersons(caller) ? line : PersonNaming.echoed(caller, line.split("[,\\t]", 2)[0].strip());
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private long importBatch(String scopeId, Set<String> codes, List<String> notFound) {
        if (codes.isEmpty()) {
            return 0;
        }
        Map<String, DrawMember> found = store.subjectsByCode(List.copyOf(codes));
        store.writeMembers(scopeId, List.copyOf(found.values()));
        long missing = 0;
        for (String code : codes) {
            if (!found.containsKey(code)) {
                missing++;
                if (notFound.size() < MAX_LISTED) {
                    notFound.add(code);
                }
            }
        }
        return missing;
    }

    /** The job's checkpoint, or none when Redis cannot be read (the walk then starts over, rewriting the same members). */
    private Map<String, String> loadCheckpoint(String scopeId) {
        try {
            return checkpoints.load(job(scopeId));
        } catch (RuntimeException e) {
            log.warn("scope job {}: checkpoint unreadable, walking from the start: {}", scopeId, e.toString());
            return Map.of();
        }
    }

    /** Saves progress; a failure only means a crash now would redo more work. */
    private void saveCheckpoint(String scopeId, Map<String, String> fields) {
        try {
            checkpoints.save(job(scopeId), fields);
        } catch (RuntimeException e) {
            log.warn("scope job {}: checkpoint not saved: {}", scopeId, e.toString());
        }
    }

    private void deleteCheckpoint(String scopeId) {
        try {
            checkpoints.delete(job(scopeId));
        } catch (RuntimeException e) {
            log.warn("scope job {}: checkpoint not deleted: {}", scopeId, e.toString());
        }
    }

    public Query filterQuery(Scope scope) {
        return SubjectQueries.toQuery(filterOf(scope), field -> true, !Boolean.FALSE.equals(scope.definition().get(PERSONS_IN_CLEAR)));
    }

    public SubjectFilter filterOf(Scope scope) {
        Object filter = scope.definition().get("filter");
        return filter == null ? SubjectFilter.all() : json.convertValue(filter, SubjectFilter.class);
    }

    public String job(String scopeId) {
        return "scope:" + scopeId;
    }
}
