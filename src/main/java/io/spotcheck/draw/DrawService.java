package io.spotcheck.draw;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.item.Item;
import io.spotcheck.item.ItemStore;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.security.Caller;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskLifecycle;
import io.spotcheck.task.TaskService;
import io.spotcheck.task.TaskStatus;
import io.spotcheck.task.TaskStore;
import io.spotcheck.api.UserError;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Utf8;

/**
 * Subject draws and grouping: gathers what the algorithm needs (frozen snapshot, credit rule,
 * exclusions), runs {@link SubjectDrawAlgorithm}, and writes the immutable record whose fixed id
 * makes a second draw of the same task impossible.
 */
@Service
public class DrawService {

    private static final Logger log = LoggerFactory.getLogger(DrawService.class);

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final DrawStore store;
    private final ScopeStore scopes;
    private final TaskService tasks;
    private final ItemStore items;
    private final DepartmentDirectory departments;
    private final AuditLog audit;
    private final DrawGuard guard;
    private final InspectorDrawStore substitutions;
    private final CreditRuleStore creditRules;
    /** Candidates a draw keeps in memory at most; a larger draw keeps them in encrypted local files (SubjectDrawAlgorithm). */
    private final long candidatesInMemory;

    public DrawService(DrawStore store, ScopeStore scopes, TaskService tasks, ItemStore items, DepartmentDirectory departments, AuditLog audit,
                       DrawGuard guard, InspectorDrawStore substitutions, CreditRuleStore creditRules,
                       @org.springframework.beans.factory.annotation.Value("${spotcheck.draw.candidates-in-memory:"
                               + SubjectDrawAlgorithm.CANDIDATES_IN_MEMORY + "}") long candidatesInMemory) {
        this.candidatesInMemory = candidatesInMemory;
        // candidate files a crashed instance left on this machine
        CandidateSpill.sweepLeftovers();
        this.creditRules = creditRules;
        this.substitutions = substitutions;
        this.guard = guard;
        this.store = store;
        this.scopes = scopes;
        this.tasks = tasks;
        this.items = items;
        this.departments = departments;
        this.audit = audit;
    }

    public record RatioInput(String stratum, Double percent) {}

    /**
     * @param recentMonths exclude subjects checked for one of the task's items within this many months (null = off)
     * @param excludeOpenTasks exclude subjects drawn in another open task for one of the same items (default on)
     * @param annualCap exclude subjects already drawn in this many tasks this year (null = off)
     */
    public record DrawInput(String taskId, String publicValue, String mode, Integer count, String creditRuleId, List<RatioInput> ratios,
                            Integer minPerJurisdiction, List<String> excludedStatuses, Integer recentMonths, Boolean excludeOpenTasks,
                            Integer annualCap) {}

    public record DrawPayload(DrawRecord record, Task task, List<UserError> errors) {

        static DrawPayload error(String code, String message, String... field) {
            return new DrawPayload(null, null, List.of(UserError.of(code, message, field)));
        }
    }

    public record CommitmentPayload(SeedCommitment commitment, List<UserError> errors) {

        static CommitmentPayload error(String code, String message, String... field) {
            return new CommitmentPayload(null, List.of(UserError.of(code, message, field)));
        }
    }

    /**
     * Commit, then reveal: the lead names where the draw's public value will come from and when it
     * becomes known, once, before it is known and before the task's scope is frozen (in DRAFT).
     */
    public CommitmentPayload commitPublicValue(Caller caller, String taskId, String source, OffsetDateTime revealAt) {
        tasks.requireWriter(caller);
        TaskStore.Versioned read = tasks.get(taskId);
        if (read == null) {
            throw SpotcheckException.notFound("task", taskId);
        }
        Task task = read.task();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("taskId", taskId);
        input.put("source", source);
        input.put("revealAt", String.valueOf(revealAt));
        try {
            tasks.requireLead(caller, task);
        } catch (SpotcheckException e) {
            audit.record(caller, "draw.commit", taskId, "FORBIDDEN", input);
            throw e;
        }
        if (task.status() != TaskStatus.DRAFT && task.status() != TaskStatus.SCOPED) {
            return CommitmentPayload.error("INVALID_STATE", "the subjects of task " + taskId + " are drawn already");
        }
        // Commit, then freeze: a source chosen while the frozen scope is known could be chosen to suit it.
        if (task.status() == TaskStatus.SCOPED) {
            DrawStore.StoredCommitment existing = store.commitment(taskId);
            if (existing != null) {
                audit.record(caller, "draw.commit", taskId, "CONFLICT", input);
                return new CommitmentPayload(existing.commitment(), List.of(UserError.of("COMMITMENT_EXISTS",
                        "task " + taskId + " has committed its public value already; a commitment is never changed")));
            }
            audit.record(caller, "draw.commit", taskId, "REJECTED", input);
            return CommitmentPayload.error("SCOPE_ALREADY_FROZEN", "the scope of task " + taskId + " is frozen already, and the commitment "
                    + "must come before the freeze: move the task back to DRAFT, commit its public value, then attach a scope frozen after that");
        }
        if (source == null || source.isBlank() || source.length() > SeedCommitment.MAX_SOURCE || source.contains("\n") || source.contains("\r")) {
            return CommitmentPayload.error("INVALID_SOURCE", "name the source of the public value in one line of 1 to "
                    + SeedCommitment.MAX_SOURCE + " characters", "input", "source");
        }
        if (revealAt == null) {
            throw SpotcheckException.badInput("revealAt", "say when the public value becomes known");
        }
        java.time.Instant now = java.time.Instant.now();
        if (!revealAt.toInstant().isAfter(now)) {
            audit.record(caller, "draw.commit", taskId, "REJECTED", input);
            return CommitmentPayload.error("PUBLIC_VALUE_ALREADY_KNOWN", "the value must become known after the commitment: "
                    + SeedCommitment.format(revealAt) + " is not later than now", "input", "revealAt");
        }
        SeedCommitment c = new SeedCommitment(taskId, source, SeedCommitment.format(revealAt), SeedCommitment.format(now), caller.id());
        if (!store.createCommitment(c)) {
            audit.record(caller, "draw.commit", taskId, "CONFLICT", input);
            return new CommitmentPayload(store.commitment(taskId).commitment(), List.of(UserError.of("COMMITMENT_EXISTS",
                    "task " + taskId + " has committed its public value already; a commitment is never changed")));
        }
        audit.record(caller, "draw.commit", taskId, "OK", input);
        return new CommitmentPayload(c, List.of());
    }

    public SeedCommitment commitment(String taskId) {
        DrawStore.StoredCommitment c = store.commitment(taskId);
        return c == null ? null : c.commitment();
    }

    public DrawPayload drawSubjects(Caller caller, DrawInput input) {
        tasks.requireWriter(caller);
        TaskStore.Versioned read = tasks.get(input.taskId());
        if (read == null) {
            throw SpotcheckException.notFound("task", input.taskId());
        }
        Task task = read.task();
        try {
            tasks.requireLead(caller, task);
        } catch (SpotcheckException e) {
            audit.record(caller, "draw.subjects", task.id(), "FORBIDDEN", input);
            throw e;
        }
        String recordId = DrawRecord.idFor(task.id());
        if (store.exists(recordId)) {
            heal(task, recordId);
            audit.record(caller, "draw.subjects", task.id(), "CONFLICT", input);
            return DrawPayload.error("CONFLICT", "subjects of task " + task.id() + " are drawn already: see draw " + recordId);
        }
        if (task.status() != TaskStatus.SCOPED) {
            return DrawPayload.error("INVALID_STATE", TaskLifecycle.refusal(task.status(), TaskStatus.SUBJECTS_DRAWN,
                    TaskLifecycle.Trigger.DRAW_SUBJECTS));
        }
        if (input.publicValue() == null || input.publicValue().isBlank()) {
            return DrawPayload.error("PUBLIC_VALUE_REQUIRED", "enter the public value the seed is derived from", "input", "publicValue");
        }
        if (input.publicValue().length() > 500 || input.publicValue().contains("\n") || input.publicValue().contains("\r")) {
            return DrawPayload.error("INVALID_PUBLIC_VALUE", "the public value is one line of at most 500 characters", "input", "publicValue");
        }
        // One computation per task at a time: identical concurrent requests are answered at once.
        DrawGuard.Attempt attempt = guard.tryAcquire(task.id());
        if (attempt.lease() == null) {
            if (attempt.refusal() == DrawGuard.Refusal.BUSY) {
                audit.record(caller, "draw.subjects", task.id(), "RATE_LIMITED", input);
                throw new SpotcheckException(ErrorCode.RATE_LIMITED, "too many draws are being computed; try again shortly");
            }
            audit.record(caller, "draw.subjects", task.id(), "CONFLICT", input);
            return DrawPayload.error("CONFLICT", "subjects of task " + task.id() + " are being drawn by a concurrent request: see draw " + recordId);
        }
        try (DrawGuard.Lease lease = attempt.lease()) {
            if (store.exists(recordId)) {
                heal(task, recordId);
                audit.record(caller, "draw.subjects", task.id(), "CONFLICT", input);
                return DrawPayload.error("CONFLICT", "subjects of task " + task.id() + " are drawn already: see draw " + recordId);
            }
            return compute(caller, input, task, recordId);
        }
    }

    private DrawPayload compute(Caller caller, DrawInput input, Task task, String recordId) {
        Scope scope = scopes.get(task.scopeId());
        if (scope == null || !scope.isFrozen()) {
            return DrawPayload.error("SCOPE_NOT_FROZEN", "the task's scope is not frozen");
        }
        if (!scope.isKeyed()) {
            return DrawPayload.error("SCOPE_FORMAT_OUTDATED", "scope " + scope.id() + " was frozen before draws named members by public key; "
                    + "freeze a new scope for the task");
        }
        String frozenAt = SeedCommitment.format(scope.frozenAt());
        DrawStore.StoredCommitment committed = store.commitment(task.id());
        SeedCommitment commitment = committed == null ? null : committed.commitment();
        String refusal = SeedCommitment.refusal(commitment, frozenAt);
        if (refusal == null && committed.version() > 1) {
            refusal = "COMMITMENT_CHANGED";
        }
        // A value drawn with before its source has published it was not the source's: it was made up.
        if (refusal == null && SeedCommitment.format(java.time.Instant.now()).compareTo(commitment.revealAt()) < 0) {
            refusal = "PUBLIC_VALUE_NOT_YET_KNOWN";
        }
        if (refusal != null) {
            audit.record(caller, "draw.subjects", task.id(), "REJECTED", Map.of("taskId", task.id(), "refusal", refusal));
            return DrawPayload.error(refusal, switch (refusal) {
                case "PUBLIC_VALUE_NOT_COMMITTED" -> "task " + task.id() + " has not committed where its public value comes from (commitPublicValue)";
                case "COMMITMENT_CHANGED" -> "the commitment of task " + task.id() + " was changed after it was made";
                case "COMMITTED_AFTER_FREEZE" -> "the commitment (" + commitment.committedAt() + ") was made after the scope was frozen ("
                        + frozenAt + "); attach a scope frozen after the commitment (setTaskScope)";
                case "PUBLIC_VALUE_NOT_YET_KNOWN" -> "the committed source publishes its value at " + commitment.revealAt()
                        + "; draw after that time with the value it published";
                case "PUBLIC_VALUE_KNOWN_BEFORE_FREEZE" -> "the committed value became known (" + commitment.revealAt()
                        + ") before the scope was frozen (" + frozenAt + "); freeze a new scope and commit a later value";
                default -> "the committed value became known (" + commitment.revealAt() + ") before the commitment was made ("
                        + commitment.committedAt() + ")";
            }, "input", "publicValue");
        }
        SubjectDrawAlgorithm.Mode mode;
        try {
            mode = SubjectDrawAlgorithm.Mode.valueOf(input.mode() == null ? "RATIO" : input.mode());
        } catch (IllegalArgumentException e) {
            throw SpotcheckException.badInput("mode", "mode is RATIO or COUNT");
        }
        if (mode == SubjectDrawAlgorithm.Mode.COUNT && (input.count() == null || input.count() < 1)) {
            return DrawPayload.error("COUNT_REQUIRED", "a COUNT draw needs a count of at least 1", "input", "count");
        }
        String ruleId = input.creditRuleId() == null ? "DEFAULT" : input.creditRuleId();
        CreditRule rule = creditRules.get(ruleId);
        if (rule == null) {
            return DrawPayload.error("UNKNOWN_CREDIT_RULE", "credit rule " + ruleId + " does not exist", "input", "creditRuleId");
        }
        Map<String, Double> ratios = new TreeMap<>(rule.ratios());
        if (input.ratios() != null) {
            input.ratios().forEach(r -> ratios.put(r.stratum(), r.percent()));
        }
        Map<String, Integer> bp = new TreeMap<>();
        try {
            ratios.forEach((s, p) -> bp.put(s, SubjectDrawAlgorithm.basisPoints(p)));
        } catch (IllegalArgumentException e) {
            return DrawPayload.error("INVALID_RATIO", e.getMessage(), "input", "ratios");
        }
        List<String> excludedStatuses = input.excludedStatuses() == null ? List.of("DEREGISTERED", "MOVED_OUT") : input.excludedStatuses();
        int minPer = input.minPerJurisdiction() == null ? 0 : input.minPerJurisdiction();
        int year = LocalDate.now(CHINA).getYear();
        long began = System.nanoTime();
        External external = externalExclusions(task, input, year);
        List<String> targetKinds = targetKinds(task);

        long started = System.nanoTime();
        String seed = DrawSeed.deriveV2(task.id(), scope.digest(), frozenAt, commitment, input.publicValue());
        SubjectDrawAlgorithm.Spec spec = new SubjectDrawAlgorithm.Spec(seed, mode, bp, mode == SubjectDrawAlgorithm.Mode.COUNT ? input.count() : 0,
                minPer, Set.copyOf(excludedStatuses), external.reasons(), Set.copyOf(targetKinds), external.evidence());
        // The scope's frozen strata let the draw rank in one pass (a COUNT draw counts first; same result, see the algorithm),
        // its exclusions stored as they are found rather than held.
        DrawStore.ExclusionParts streamed = store.exclusionParts(recordId);
        SubjectDrawAlgorithm.Result result;
        try {
            result = SubjectDrawAlgorithm.draw(scopes.snapshot(scope.id(), scope.chunkCount()), spec, scope.strata(), streamed,
                    candidatesInMemory);
        } catch (RuntimeException e) {
            streamed.discard();
            throw e;
        }
        try (result) {
            return store(caller, input, task, scope, recordId, frozenAt, commitment, ruleId, ratios, bp, excludedStatuses, minPer, year,
                    targetKinds, seed, mode, streamed, result, began, started);
        }
    }

    /** Checks the ratio cap, then stores the drawn record and advances the task. */
    private DrawPayload store(Caller caller, DrawInput input, Task task, Scope scope, String recordId, String frozenAt, SeedCommitment commitment,
                              String ruleId, Map<String, Double> ratios, Map<String, Integer> bp, List<String> excludedStatuses, int minPer,
                              int year, List<String> targetKinds, String seed, SubjectDrawAlgorithm.Mode mode, DrawStore.ExclusionParts streamed,
                              SubjectDrawAlgorithm.Result result, long began, long started) {
        DrawStore.ExclusionParts written = streamed.counts() == null ? null : streamed;
        long ranked = System.nanoTime();

        Double cap = items.get(task.itemCodes()).values().stream().map(Item::ratioCap).filter(Objects::nonNull).min(Double::compare).orElse(null);
        long eligible = result.eligibleSizes().values().stream().mapToLong(Long::longValue).sum();
        long stratified = result.quotas().values().stream().mapToLong(Long::longValue).sum();
        if (cap != null && eligible > 0 && stratified * 100.0 > cap * eligible) {
            streamed.discard();
            audit.record(caller, "draw.subjects", task.id(), "REJECTED", input);
            return DrawPayload.error("RATIO_CAP_EXCEEDED", String.format("the draw takes %.2f %% of the eligible subjects; a general item of this task allows at most %s %%",
                    stratified * 100.0 / eligible, cap), "input", "ratios");
        }

        Map<String, Object> exclusionSettings = new LinkedHashMap<>();
        exclusionSettings.put("recentMonths", input.recentMonths());
        exclusionSettings.put("excludeOpenTasks", !Boolean.FALSE.equals(input.excludeOpenTasks()));
        exclusionSettings.put("annualCap", input.annualCap());
        Map<String, Object> scopeDefinition = new LinkedHashMap<>();
        scopeDefinition.put("id", scope.id());
        scopeDefinition.put("name", scope.name());
        scopeDefinition.put("department", scope.department());
        scopeDefinition.put("kind", scope.kind());
        scopeDefinition.put("definition", scope.definition());
        scopeDefinition.put("frozenAt", String.valueOf(scope.frozenAt()));
        DrawRecord record = new DrawRecord(recordId, task.id(), task.itemCodes(), year, SubjectDrawAlgorithm.VERSION_2, seed, input.publicValue(),
                scope.id(), scopeDefinition, scope.digest(), scope.memberCount(), result.scopeSizes(), result.eligibleSizes(), result.quotas(),
                mode.name(), mode == SubjectDrawAlgorithm.Mode.COUNT ? input.count() : null, ruleId, ratios, minPer, excludedStatuses,
                exclusionSettings, result.exclusions(), result.selected(), SubjectDrawAlgorithm.codes(result.selected()), result.selectedDigest(),
                result.selected().size(), caller.id(), caller.department(), OffsetDateTime.now(ZoneOffset.UTC),
                commitment, frozenAt, scope.chunkCount(), scope.snapshotBytes(), new TreeMap<>(bp), targetKinds);
        long built = System.nanoTime();
        if (!store.create(record, written)) {
            audit.record(caller, "draw.subjects", task.id(), "CONFLICT", input);
            return DrawPayload.error("CONFLICT", "subjects of task " + task.id() + " were drawn by a concurrent request: see draw " + recordId);
        }
        long created = System.nanoTime();
        if (result.spilled()) {
            // the drawn members were read from the draw's files, which go when it ends: answer from the stored record
            record = store.recordReadAsUsed(recordId);
        }
        Task advanced = tasks.advance(task.id(), TaskStatus.SCOPED, TaskStatus.SUBJECTS_DRAWN, TaskLifecycle.Trigger.DRAW_SUBJECTS,
                t -> t.withDraw(recordId));
        long stored = System.nanoTime();
        log.info("draw {}: {} of {} members; exclusions {} ms, snapshot read and ranked {} ms, record built {} ms, stored and task advanced {} ms"
                        + " (record stored {} ms){}", recordId, result.selected().size(), scope.memberCount(), (started - began) / 1_000_000,
                (ranked - started) / 1_000_000, (built - ranked) / 1_000_000, (stored - built) / 1_000_000, (created - built) / 1_000_000,
                result.spilled() ? "; candidates kept in encrypted files" : "");
        audit.record(caller, "draw.subjects", task.id(), "OK", Map.of("drawId", recordId, "seed", seed, "selectedDigest", result.selectedDigest()));
        return new DrawPayload(record, advanced, List.of());
    }

    /** A record without its task step (a crash between the two) completes the step. */
    private void heal(Task task, String recordId) {
        if (task.status() == TaskStatus.SCOPED) {
            tasks.advance(task.id(), TaskStatus.SCOPED, TaskStatus.SUBJECTS_DRAWN, TaskLifecycle.Trigger.DRAW_SUBJECTS, t -> t.withDraw(recordId));
        }
    }

    /** Exclusions decided outside the snapshot: subject code → reason, and the public ids (tasks) behind each. */
    record External(Map<String, String> reasons, Map<String, List<String>> evidence) {}

    /** Every kind some item of the task targets; an item naming none targets every kind. Sorted. */
    List<String> targetKinds(Task task) {
        Set<String> kinds = new java.util.TreeSet<>();
        for (Item item : items.get(task.itemCodes()).values()) {
            if (item.targetKinds() == null || item.targetKinds().isEmpty()) {
                return List.of("ATTACHED_OBJECT", "NATURAL_PERSON", "ORGANISATION");
            }
            kinds.addAll(item.targetKinds());
        }
        return List.copyOf(kinds);
    }

    /** Reasons decided outside the snapshot, in the documented precedence; the first one wins. */
    External externalExclusions(Task task, DrawInput input, int year) {
        Map<String, String> reasons = new HashMap<>();
        Map<String, List<String>> evidence = new HashMap<>();
        if (input.recentMonths() != null && input.recentMonths() > 0) {
            LocalDate since = LocalDate.now(CHINA).minusMonths(input.recentMonths());
            store.recentlyChecked(task.itemCodes(), since, (code, inspection) -> {
                if (reasons.putIfAbsent(code, "RECENTLY_CHECKED") == null || "RECENTLY_CHECKED".equals(reasons.get(code))) {
                    addEvidence(evidence, code, inspection);
                }
            });
        }
        boolean openTasks = !Boolean.FALSE.equals(input.excludeOpenTasks());
        Integer cap = input.annualCap();
        if (openTasks || cap != null) {
            List<DrawStore.PastDraw> past = new ArrayList<>();
            store.pastDraws(year, task.itemCodes(), task.id(), past::add);
            Map<String, Task> others = tasks.getAll(past.stream().map(DrawStore.PastDraw::taskId).toList());
            Set<String> taskItems = new HashSet<>(task.itemCodes());
            if (openTasks) {
                for (DrawStore.PastDraw d : past) {
                    Task other = others.get(d.taskId());
                    boolean sameItem = d.itemCodes() != null && d.itemCodes().stream().anyMatch(taskItems::contains);
                    if (sameItem && other != null && TaskLifecycle.isOpen(other.status())) {
                        d.selectedCodes().forEach(code -> {
                            if (reasons.putIfAbsent(code, "IN_OPEN_TASK") == null || "IN_OPEN_TASK".equals(reasons.get(code))) {
                                addEvidence(evidence, code, d.taskId());
                            }
                        });
                    }
                }
            }
            if (cap != null) {
                Map<String, List<String>> drawnThisYear = new HashMap<>();
                past.stream().filter(d -> Objects.equals(d.year(), year))
                        .forEach(d -> d.selectedCodes().forEach(code -> drawnThisYear.computeIfAbsent(code, c -> new ArrayList<>()).add(d.taskId())));
                drawnThisYear.forEach((code, taskIds) -> {
                    if (taskIds.size() >= cap && reasons.putIfAbsent(code, "ANNUAL_CAP") == null) {
                        taskIds.forEach(t -> addEvidence(evidence, code, t));
                    }
                });
            }
        }
        return new External(reasons, evidence);
    }

    private static void addEvidence(Map<String, List<String>> evidence, String code, String id) {
        List<String> ids = evidence.computeIfAbsent(code, c -> new ArrayList<>());
        if (id != null && !ids.contains(id)) {
            ids.add(id);
            ids.sort(Utf8.ORDER);
        }
    }

    /** The outcome of recomputing a draw from its kept snapshot. */
    public record Verification(String drawId, String verdict, List<String> details, String recomputedScopeDigest,
                               String recomputedSelectedDigest, OffsetDateTime checkedAt) {}

    public Verification verify(DrawRecord record) {
        List<String> details = new ArrayList<>();
        Scope scope = scopes.get(record.scopeId());
        if (scope == null || scope.chunkCount() == null) {
            return new Verification(record.id(), "MISMATCH", List.of("the scope snapshot is missing"), null, null, OffsetDateTime.now(ZoneOffset.UTC));
        }
        if (record.isVersion2()) {
            // The same code as the public verifier, over the same data: the record and the substitutions as published.
            if (!java.util.Objects.equals(scope.chunkCount(), record.chunkCount())) {
                details.add("chunkCount: recorded " + record.chunkCount() + ", the scope has " + scope.chunkCount());
            }
            DrawVerifier.Outcome outcome = DrawVerifier.verifyStored(record, substitutions.substitutions(record.taskId()),
                    scopes.snapshot(scope.id(), scope.chunkCount()));
            details.addAll(outcome.differences());
            return new Verification(record.id(), details.isEmpty() ? "MATCH" : "MISMATCH", details, outcome.scopeDigest(), outcome.selectedDigest(),
                    OffsetDateTime.now(ZoneOffset.UTC));
        }
        Iterable<DrawMember> snapshot = scopes.snapshot(scope.id(), scope.chunkCount());
        ScopeDigest digest = new ScopeDigest();
        try {
            snapshot.forEach(digest::add);
        } catch (RuntimeException e) {
            return new Verification(record.id(), "MISMATCH", List.of("the snapshot is unreadable: " + e.getMessage()), null, null, OffsetDateTime.now(ZoneOffset.UTC));
        }
        String scopeDigest = digest.hex();
        if (!scopeDigest.equals(record.scopeDigest())) {
            details.add("scope digest: recorded " + record.scopeDigest() + ", snapshot gives " + scopeDigest);
        }
        if (!digest.strata().equals(record.scopeSizes())) {
            details.add("scope size per stratum: recorded " + record.scopeSizes() + ", snapshot gives " + digest.strata());
        }
        String seed = DrawSeed.derive(record.taskId(), scopeDigest, record.publicValue());
        if (!seed.equals(record.seed())) {
            details.add("seed: recorded " + record.seed() + ", recomputed " + seed);
        }
        Map<String, Integer> bp = new TreeMap<>();
        record.ratios().forEach((s, p) -> bp.put(s, SubjectDrawAlgorithm.basisPoints(p)));
        Map<String, String> external = new HashMap<>();
        record.exclusions().stream().filter(e -> !e.reason().startsWith("STATUS_")).forEach(e -> external.put(e.code(), e.reason()));
        SubjectDrawAlgorithm.Mode mode = SubjectDrawAlgorithm.Mode.valueOf(record.mode());
        SubjectDrawAlgorithm.Result result = SubjectDrawAlgorithm.draw(snapshot, new SubjectDrawAlgorithm.Spec(seed, mode, bp,
                record.count() == null ? 0 : record.count(), record.minPerJurisdiction(), Set.copyOf(record.excludedStatuses()), external));
        if (!result.selectedDigest().equals(record.selectedDigest())) {
            details.add("selected digest: recorded " + record.selectedDigest() + ", recomputed " + result.selectedDigest());
            Set<String> recorded = new HashSet<>(record.selectedCodes());
            Set<String> recomputed = new HashSet<>();
            result.selected().forEach(s -> recomputed.add(s.code()));
            List<String> missing = record.selectedCodes().stream().filter(c -> !recomputed.contains(c)).sorted().limit(20).toList();
            List<String> extra = recomputed.stream().filter(c -> !recorded.contains(c)).sorted().limit(20).toList();
            details.add("recorded but not recomputed: " + missing);
            details.add("recomputed but not recorded: " + extra);
        }
        if (!SubjectDrawAlgorithm.selectedDigest(record.selectedCodes()).equals(record.selectedDigest())) {
            details.add("the record's selected codes do not match its own selected digest");
        }
        return new Verification(record.id(), details.isEmpty() ? "MATCH" : "MISMATCH", details, scopeDigest, result.selectedDigest(), OffsetDateTime.now(ZoneOffset.UTC));
    }

    public record AgencyGroup(String agency, List<String> subjectCodes, int count) {}

    public record DepartmentGrouping(String department, List<AgencyGroup> groups, List<String> uncovered, int uncoveredCount) {}

    public record GroupingPayload(Task task, List<DepartmentGrouping> departments, List<UserError> errors) {}

    /** SUBJECTS_DRAWN → GROUPED: every participating department's assignments by its own station map. */
    public GroupingPayload group(Caller caller, String taskId) {
        tasks.requireWriter(caller);
        TaskStore.Versioned read = tasks.get(taskId);
        if (read == null) {
            throw SpotcheckException.notFound("task", taskId);
        }
        Task task = read.task();
        try {
            tasks.requireLead(caller, task);
        } catch (SpotcheckException e) {
            audit.record(caller, "task.group", taskId, "FORBIDDEN", Map.of("taskId", taskId));
            throw e;
        }
        if (task.status() != TaskStatus.SUBJECTS_DRAWN && task.status() != TaskStatus.GROUPED) {
            return new GroupingPayload(task, List.of(), List.of(UserError.of("INVALID_STATE",
                    TaskLifecycle.refusal(task.status(), TaskStatus.GROUPED, TaskLifecycle.Trigger.GROUP))));
        }
        if (task.status() == TaskStatus.GROUPED
                && store.anyStaffedOrRetired(taskId)) {
            // Regrouping rewrites every assignment; once a department drew inspectors or a subject moved it would lose them.
            audit.record(caller, "task.group", taskId, "REJECTED", Map.of("taskId", taskId));
            return new GroupingPayload(task, List.of(), List.of(UserError.of("INVALID_STATE",
                    "inspectors are drawn or subjects reassigned in task " + taskId + "; it cannot be regrouped")));
        }
        DrawRecord record = store.recordReadAsUsed(DrawRecord.idFor(taskId));
        Map<String, Department> depts = departments.departments(task.departments());
        List<DrawStore.Assignment> assignments = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (String code : task.departments()) {
            Grouping.DepartmentGroups groups = Grouping.group(depts.get(code), record.selected());
            groups.byAgency().forEach((agency, subjects) -> subjects.forEach(s ->
                    assignments.add(DrawStore.Assignment.grouped(taskId, code, agency, s.code(), s.region(), s.stratum(), "ASSIGNED", now))));
            groups.uncovered().forEach(s ->
                    assignments.add(DrawStore.Assignment.grouped(taskId, code, null, s.code(), s.region(), s.stratum(), "UNCOVERED", now)));
        }
        store.writeAssignments(assignments);
        Task advanced = task.status() == TaskStatus.GROUPED ? task
                : tasks.advance(taskId, TaskStatus.SUBJECTS_DRAWN, TaskStatus.GROUPED, TaskLifecycle.Trigger.GROUP, t -> t);
        audit.record(caller, "task.group", taskId, "OK", Map.of("assignments", assignments.size()));
        return new GroupingPayload(advanced, groupings(assignments, null), List.of());
    }

    public List<DepartmentGrouping> groupings(String taskId, String department) {
        return groupings(store.assignments(taskId, department), department);
    }

    static List<DepartmentGrouping> groupings(List<DrawStore.Assignment> assignments, String onlyDepartment) {
        Map<String, Map<String, List<String>>> byDept = new TreeMap<>();
        Map<String, List<String>> uncovered = new TreeMap<>();
        for (DrawStore.Assignment a : assignments) {
            // Each subject once: where it is now (a reassigned or moved-out assignment is history, see taskAssignments).
            if (!a.isActive() || (onlyDepartment != null && !onlyDepartment.equals(a.department()))) {
                continue;
            }
            byDept.computeIfAbsent(a.department(), d -> new TreeMap<>());
            if (a.agency() == null) {
                uncovered.computeIfAbsent(a.department(), d -> new ArrayList<>()).add(a.subjectCode());
            } else {
                byDept.get(a.department()).computeIfAbsent(a.agency(), x -> new ArrayList<>()).add(a.subjectCode());
            }
        }
        List<DepartmentGrouping> result = new ArrayList<>();
        byDept.forEach((dept, groups) -> {
            List<AgencyGroup> list = new ArrayList<>();
            groups.forEach((agency, codes) -> list.add(new AgencyGroup(agency, codes.stream().sorted().toList(), codes.size())));
            List<String> none = uncovered.getOrDefault(dept, List.of()).stream().sorted().toList();
            result.add(new DepartmentGrouping(dept, list, none, none.size()));
        });
        return result;
    }

    public DrawRecord record(String id) {
        return store.record(id);
    }
}
