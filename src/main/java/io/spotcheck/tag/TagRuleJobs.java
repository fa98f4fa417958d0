package io.spotcheck.tag;

import io.spotcheck.checkpoint.CheckpointStore;
import io.spotcheck.persistence.Retries;
import io.spotcheck.search.IndexBootstrap;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.write.SubjectMerger;
import io.spotcheck.subject.write.SubjectWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import io.spotcheck.subject.write.TagRule;
import io.spotcheck.subject.write.TagRuleEngine;

/**
 * Re-applies a department's tag rules to the whole directory after one of them changed: walks the
 * subjects by code under a point-in-time in chunks, recomputes that department's rule tags, writes
 * only the subjects whose tags changed (partial {@code doc} updates, no scripts, no
 * _update_by_query) and checkpoints the last code in Redis after every chunk. A job resumes from its
 * checkpoint at start-up or when the same request is made again; since it recomputes from the
 * current rules, running it again changes nothing.
 */
@Component
public class TagRuleJobs {

    private static final Logger log = LoggerFactory.getLogger(TagRuleJobs.class);
    /** Redis hash of job id → status, to find unfinished jobs at start-up. */
    static final String REGISTRY = "tagrule-jobs";

    private final SubjectWriter subjects;
    private final TagRuleStore rules;
    private final CheckpointStore checkpoints;
    private final int chunkSize;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tag-rule-jobs");
        t.setDaemon(true);
        return t;
    });

    public TagRuleJobs(SubjectWriter subjects, TagRuleStore rules, CheckpointStore checkpoints, IndexBootstrap indices,
                       @Value("${spotcheck.tag-rules.chunk-size:2000}") int chunkSize) {
        this.subjects = subjects;
        this.rules = rules;
        this.checkpoints = checkpoints;
        this.chunkSize = chunkSize;
        indices.whenReady(this::resumeUnfinished);
    }

    /**
     * State of one job.
     *
     * @param status RUNNING, DONE or FAILED
     * @param lastCode the last subject code done (the checkpoint)
     * @param processed subjects looked at
     * @param changed subjects whose tags were written
     * @param chunks chunks done
     */
    public record JobState(String id, String ruleId, String department, String status, String lastCode, long processed,
                           long changed, long chunks, Instant startedAt, Instant finishedAt, String error) {}

    /** Job id of a saved rule version: the same save gives the same job, so re-issuing the request resumes it. */
    public static String jobId(TagRule rule) {
        return "tagrule-" + rule.id() + "-v" + rule.version() + "-" + rule.updatedAt().toEpochMilli();
    }

    /** Job id of a rule's deletion. */
    public static String deletionJobId(TagRule rule, Instant at) {
        return "tagrule-" + rule.id() + "-deleted-" + at.toEpochMilli();
    }

    /** Registers the job (unless known) and runs it in the background. */
    public JobState submit(String id, String ruleId, String department) {
        JobState state = register(id, ruleId, department);
        if (!"DONE".equals(state.status())) {
            executor.submit(() -> runQuietly(state.id()));
        }
        return state;
    }

    /** Registers the job without running it (tests drive it with {@link #run}). */
    public JobState register(String id, String ruleId, String department) {
        JobState existing = state(id);
        if (existing != null && "FAILED".equals(existing.status())) {
            // Re-issuing the request retries a failed job from its checkpoint.
            checkpoints.save(id, Map.of("status", "RUNNING", "error", ""));
            checkpoints.save(REGISTRY, Map.of(id, "RUNNING"));
            return state(id);
        }
        if (existing != null) {
            return existing;
        }
        Map<String, String> fields = new HashMap<>();
        fields.put("ruleId", ruleId);
        fields.put("department", department);
        fields.put("status", "RUNNING");
        fields.put("processed", "0");
        fields.put("changed", "0");
        fields.put("chunks", "0");
        fields.put("startedAt", Instant.now().toString());
        checkpoints.save(id, fields);
        checkpoints.save(REGISTRY, Map.of(id, "RUNNING"));
        return state(id);
    }

    public JobState state(String id) {
        Map<String, String> f = checkpoints.load(id);
        if (f.isEmpty()) {
            return null;
        }
        return new JobState(id, f.get("ruleId"), f.get("department"), f.get("status"), f.get("lastCode"),
                parse(f.get("processed")), parse(f.get("changed")), parse(f.get("chunks")), instant(f.get("startedAt")),
                instant(f.get("finishedAt")), f.get("error") == null || f.get("error").isEmpty() ? null : f.get("error"));
    }

    /**
     * Runs the job from its checkpoint for at most {@code maxChunks} chunks (a stop after N chunks is
     * what an interruption looks like to the next run). Synchronized: one walk at a time per instance.
     */
    public JobState run(String id, int maxChunks) {
        return run(id, maxChunks, chunkSize);
    }

    /** {@link #run(String, int)} with a chunk size of its own. */
    public synchronized JobState run(String id, int maxChunks, int chunkSize) {
        JobState state = state(id);
        if (state == null || !"RUNNING".equals(state.status())) {
            return state;
        }
        String department = state.department();
        String after = state.lastCode();
        long processed = state.processed();
        long changed = state.changed();
        long chunks = state.chunks();
        String pit = subjects.openPointInTime();
        try {
            for (int done = 0; done < maxChunks; done++) {
                List<SubjectWriter.Stored> page = subjects.page(pit, after, chunkSize);
                if (page.isEmpty()) {
                    finish(id, "DONE", null);
                    return state(id);
                }
                // Read per chunk: a rule saved while the job runs is picked up by the rest of the walk,
                // and that save queued its own job, which covers the part already walked.
                List<TagRule> current = rules.ofDepartment(department);
                Instant now = Instant.now();
                List<SubjectWriter.Stored> before = new ArrayList<>();
                List<Subject> after2 = new ArrayList<>();
                for (SubjectWriter.Stored stored : page) {
                    Subject subject = stored.subject();
                    List<Subject.Tag> tags = TagRuleEngine.apply(subject, current, department::equals, now);
                    if (!Objects.equals(tags, subject.tags() == null ? List.of() : subject.tags())) {
                        before.add(stored);
                        after2.add(SubjectMerger.withUpdatedAt(SubjectMerger.withTags(subject, tags), now));
                    }
                }
                changed += subjects.updateTags(before, after2);
                processed += page.size();
                chunks++;
                after = page.get(page.size() - 1).subject().code();
                checkpoints.save(id, Map.of("lastCode", after, "processed", Long.toString(processed),
                        "changed", Long.toString(changed), "chunks", Long.toString(chunks)));
            }
            return state(id);
        } catch (RuntimeException e) {
            log.warn("tag rule job {} stopped; it resumes from its checkpoint", id, e);
            throw e;
        } finally {
            subjects.closePointInTime(pit);
        }
    }

    /**
     * Runs the job to its end in the background. A back-end hiccup goes round the application's retry
     * policy, each attempt resuming from the checkpoint; what outlasts it leaves the job FAILED, to be
     * resumed at the next start-up or when the request is made again.
     */
    private void runQuietly(String id) {
        try {
            Retries.onBackendHiccup(() -> run(id, Integer.MAX_VALUE),
                    failure -> log.warn("tag rule job {} interrupted ({}); resuming from its checkpoint", id, failure.toString()));
        } catch (RuntimeException e) {
            finish(id, "FAILED", String.valueOf(e.getMessage()));
        }
    }

    /** Queues every job left RUNNING (a restart, a crash) to continue from its checkpoint. */
    public void resumeUnfinished() {
        for (Map.Entry<String, String> job : checkpoints.load(REGISTRY).entrySet()) {
            if ("RUNNING".equals(job.getValue()) || "FAILED".equals(job.getValue())) {
                log.info("resuming tag rule job {}", job.getKey());
                JobState state = state(job.getKey());
                if (state != null) {
                    register(job.getKey(), state.ruleId(), state.department());
                    executor.submit(() -> runQuietly(job.getKey()));
                }
            }
        }
    }

    private void finish(String id, String status, String error) {
        Map<String, String> fields = new HashMap<>();
        fields.put("status", status);
        fields.put("finishedAt", Instant.now().toString());
        if (error != null) {
            fields.put("error", error);
        }
        checkpoints.save(id, fields);
        checkpoints.save(REGISTRY, Map.of(id, status));
    }

    private static long parse(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
