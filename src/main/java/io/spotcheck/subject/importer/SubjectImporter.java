package io.spotcheck.subject.importer;

import io.spotcheck.subject.write.TagRules;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.persistence.BulkSender;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonNaming;
import io.spotcheck.security.Caller;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.write.FieldError;
import io.spotcheck.subject.write.SubjectOwnership;
import io.spotcheck.subject.write.SubjectInput;
import io.spotcheck.subject.write.SubjectMerger;
import io.spotcheck.subject.write.SubjectValidator;
import io.spotcheck.subject.write.SubjectWriteService;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.subject.write.TagRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The streaming bulk import: validates every record, merges the valid ones in batches with what is
 * stored (so tags and their provenance survive a re-import; {@link Batches} says how a batch learns
 * what is stored), applies the tag rules, and hands whole documents to a {@link BulkSender} under
 * their codes. Memory is bounded by one batch plus the sender's in-flight requests, whatever the size
 * of the body; rejected lines are passed on as they are found and not kept.
 */
@Service
public class SubjectImporter {

    private final SubjectValidator validator;
    private final SubjectWriter writer;
    private final TagRules rules;
    private final AuditLog audit;
    private final int batchSize;
    private final io.spotcheck.department.DepartmentDirectory departments;

    public SubjectImporter(SubjectValidator validator, SubjectWriter writer, TagRules rules, AuditLog audit,
                           @Value("${spotcheck.import.batch-size:500}") int batchSize, io.spotcheck.department.DepartmentDirectory departments) {
        this.departments = departments;
        this.validator = validator;
        this.writer = writer;
        this.rules = rules;
        this.audit = audit;
        this.batchSize = batchSize;
    }

    /** A refused record: its line, its code if it had one, and why. */
    public record Rejected(long line, String code, List<FieldError> errors) {}

    /**
     * @param total records read
     * @param accepted records stored (or already stored exactly so)
     * @param rejected records refused
     * @param unchanged accepted records that were already stored exactly so and were not rewritten
     */
    public record Summary(long total, long accepted, long rejected, long unchanged) {}

    private record Pending(long line, SubjectInput input) {}

    /**
     * Where an import stands while it runs.
     *
     * @param read records read so far
     * @param accepted valid records so far (sent to be stored; a write refused later turns into a rejection)
     * @param rejected records refused so far
     */
    public record Progress(long read, long accepted, long rejected) {}

    public Summary run(Caller caller, Iterator<? extends ImportRecords.Record> lines, Consumer<Rejected> rejectedSink) {
        return run(caller, lines, rejectedSink, null);
    }

    /** As {@link #run(Caller, Iterator, Consumer)}, telling {@code progress} where it stands about twice a second. */
    public Summary run(Caller caller, Iterator<? extends ImportRecords.Record> records, Consumer<Rejected> rejectedSink,
                       Consumer<Progress> progress) {
        SubjectWriteService.requireImporter(caller);
        Consumer<Rejected> report = PersonAccess.seesPersons(caller) ? rejectedSink : rejected -> rejectedSink.accept(echoed(caller, rejected));
        long nextProgress = System.nanoTime();
        Outcomes outcomes = new Outcomes();
        long total = 0;
        long rejected = 0;
        long valid = 0;
        List<io.spotcheck.department.Department> depts = departments.allDepartments();
        String run = java.util.UUID.randomUUID().toString();
        Batches batches = new Batches(writer.bulkSender(outcomes, 1000, 2), outcomes, caller, depts, run);
        List<Pending> batch = new ArrayList<>(batchSize);
        try (CheckAhead lines = new CheckAhead(records, line -> check(validator, line, caller, depts), CHECK_BATCH, checkers())) {
            while (lines.hasNext()) {
                ImportRecords.Line line = lines.next();
                total++;
                List<FieldError> errors = line.errors();
                SubjectInput input = line.input();
                if (!errors.isEmpty()) {
                    rejected++;
                    report.accept(new Rejected(line.number(), line.code(), errors));
                } else {
                    valid++;
                    batch.add(new Pending(line.number(), input));
                    if (batch.size() >= batchSize) {
                        batches.submit(batch);
                        batch.clear();
                        outcomes.drainFailures(report);
                    }
                }
                if (progress != null && System.nanoTime() - nextProgress >= 0) {
                    long failed = outcomes.failedWrites.get();
                    progress.accept(new Progress(total, valid - failed, rejected + failed));
                    nextProgress = System.nanoTime() + 500_000_000L;
                }
            }
            batches.submit(batch);
        } finally {
            batches.sender.close();
        }
        long unchanged = batches.unchanged;
        // Creates refused in the last requests: probed and written by a sender of their own.
        if (!outcomes.stored.isEmpty()) {
            Batches last = new Batches(writer.bulkSender(outcomes, 1000, 2), outcomes, caller, depts, run);
            try {
                last.retryStored(rules.all(), Instant.now());
            } finally {
                last.sender.close();
            }
            unchanged += last.unchanged;
        }
        outcomes.drainFailures(report);
        writer.refresh();
        long failed = outcomes.failedWrites.get();
        Summary summary = new Summary(total, valid - failed, rejected + failed, unchanged);
        Map<String, Object> runEntry = new LinkedHashMap<>();
        runEntry.put("run", run);
        runEntry.put("summary", summary);
        audit.record(caller, "subject.import", "subjects", summary.rejected() == 0 ? "OK" : "PARTIAL", runEntry);
        return summary;
    }

    /**
     * A rejection as {@code caller} may read it: to a caller who sees persons masked, no message
     * quotes what the line held (a header row read as data, a parser's complaint, a value that is not
     * a date: a misaligned column puts a person's name anywhere), and a person's ID number is not
     * echoed, even its own, in the code or a field path (an unknown column).
     */
    static Rejected echoed(Caller caller, Rejected rejected) {
        if (PersonAccess.seesPersons(caller)) {
            return rejected;
        }
        List<FieldError> errors = rejected.errors().stream().map(FieldError::withoutQuotes).map(e -> new FieldError(e.code(),
                PersonNaming.echoed(caller, e.message()), e.field().stream().map(f -> PersonNaming.echoed(caller, f)).toList())).toList();
        return new Rejected(rejected.line(), PersonNaming.echoed(caller, rejected.code()), errors);
    }

    /** Records parsed and checked per task handed to a checker thread. */
    static final int CHECK_BATCH = 256;

    /** Checker threads: the request thread keeps one core for merging and writing. */
    private static int checkers() {
        return Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
    }

    /**
     * A line parsed as checked before it is merged: valid fields, normalised, and a registration
     * authority the caller acts for (a department or its feed imports only subjects it registers,
     * docs/SUBJECT-WRITE.md). Pure: it runs on the checker threads.
     */
    static ImportRecords.Line check(SubjectValidator validator, ImportRecords.Line line, Caller caller,
                                    List<io.spotcheck.department.Department> depts) {
        if (line.input() == null) {
            return line;
        }
        if (PersonNaming.refused(caller, line.code())) {
            // refused by the code's form before anything is read, so the line reads the same whether the person exists or not
            return new ImportRecords.Line(line.number(), line.input(), List.of(FieldError.of("FORBIDDEN", PersonNaming.REFUSAL, "code")));
        }
        SubjectValidator.Validation validation = validator.validate(line.input());
        List<FieldError> errors = allProblems(line.errors(), validation.errors());
        if (!errors.isEmpty()) {
            // refused under the code as it was sent
            return new ImportRecords.Line(line.number(), line.input(), errors);
        }
        SubjectInput input = validation.input();
        String claimed = SubjectOwnership.owner(input.registrationAuthority(), depts);
        if (claimed != null && !caller.actsFor(claimed)) {
            return new ImportRecords.Line(line.number(), line.input(), List.of(FieldError.of("NOT_OWNER", "registrationAuthority names " + claimed
                    + "; only " + claimed + " (its staff or its registration feed) records subjects it registered", "registrationAuthority")));
        }
        return new ImportRecords.Line(line.number(), input, List.of());
    }

    /**
     * Every problem of a line in one rejection (docs/SUBJECT-WRITE.md, "Validation"): what reading found
     * (a field it could not read is left out of the input), then what the validator found in the rest.
     * A field reading refused is not reported again by the validator (an unreadable name is not also a missing one).
     */
    static List<FieldError> allProblems(List<FieldError> read, List<FieldError> validated) {
        if (read.isEmpty()) {
            return validated;
        }
        List<FieldError> all = new ArrayList<>(read);
        for (FieldError error : validated) {
            boolean repeat = read.stream().anyMatch(r -> !r.field().isEmpty() && error.field().size() >= r.field().size()
                    && error.field().subList(0, r.field().size()).equals(r.field()));
            if (!repeat) {
                all.add(error);
            }
        }
        return List.copyOf(all);
    }

    /** What came back from the bulk requests, on the client's threads: failures, and creates refused because the code is stored. */
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SubjectImporter.class);

    private static final class Outcomes implements BulkSender.Listener<Pending> {
        final AtomicLong failedWrites = new AtomicLong();
        final AtomicLong refusedAsStored = new AtomicLong();
        final ConcurrentLinkedQueue<Rejected> failures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Pending> stored = new ConcurrentLinkedQueue<>();
        /** Codes with a write sent and not yet answered, or refused as stored and not yet written again. */
        final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

        void sent(String code) {
            inFlight.merge(code, 1, Integer::sum);
        }

        void settled(String code) {
            inFlight.computeIfPresent(code, (k, n) -> n == 1 ? null : n - 1);
        }

        synchronized void awaitAnswers() {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
        }

        private synchronized void answered() {
            notifyAll();
        }

        @Override
        public void answered(List<Pending> contexts, List<BulkSender.Item> items) {
            for (int i = 0; i < items.size(); i++) {
                BulkSender.Item item = items.get(i);
                Pending pending = contexts.get(i);
                if (pending == null) {
                    // an audit entry (provenance) riding with the subjects
                    if (!item.ok()) {
                        log.warn("import provenance entry refused: {} {}", item.errorType(), item.errorReason());
                    }
                    continue;
                }
                if (item.ok()) {
                    settled(pending.input().code());
                } else if (item.status() == 409 && "create".equals(item.action())) {
                    // Stays in flight until written again.
                    refusedAsStored.incrementAndGet();
                    stored.add(pending);
                } else {
                    settled(pending.input().code());
                    failedWrites.incrementAndGet();
                    failures.add(new Rejected(pending.line(), pending.input().code(), List.of(FieldError.of("WRITE_FAILED",
                            "Elasticsearch refused the document: " + item.errorType()))));
                }
            }
            answered();
        }

        @Override
        public void failed(List<Pending> contexts, Exception failure) {
            for (Pending pending : contexts) {
                if (pending == null) {
                    continue; // an audit entry riding with the subjects
                }
                failedWrites.incrementAndGet();
                settled(pending.input().code());
                failures.add(new Rejected(pending.line(), pending.input().code(), List.of(FieldError.of("WRITE_FAILED",
                        "the batch could not be written; import the file again (it is idempotent)"))));
            }
            answered();
        }

        void drainFailures(Consumer<Rejected> sink) {
            Rejected failure;
            while ((failure = failures.poll()) != null) {
                sink.accept(failure);
            }
        }
    }

    /**
     * How each batch learns what is stored. A batch is either <em>probed</em> — one mget of its codes,
     * merged with what is found, written with {@code index} — or, after a probe found none of its codes
     * stored, written <em>optimistically</em> as new documents with {@code create}. A directory's first
     * import finds nothing, and the mget would cost Elasticsearch a lookup per code in every segment,
     * growing with the index, to learn just that. A create refused because the code is stored (409)
     * goes through the probe before the next batch, so nothing is ever merged with less than what is
     * stored; once refusals come back at more than one in a hundred, batches are probed again.
     */
    private final class Batches {
        final BulkSender<Pending> sender;
        final Outcomes outcomes;
        boolean optimistic;
        long sentOptimistically;
        long refusedBefore;
        long unchanged;

        final Caller caller;
        final List<io.spotcheck.department.Department> departments;
        final String run;
        long batchNo;

        Batches(BulkSender<Pending> sender, Outcomes outcomes, Caller caller, List<io.spotcheck.department.Department> departments, String run) {
            this.run = run;
            this.sender = sender;
            this.outcomes = outcomes;
            this.caller = caller;
            this.departments = departments;
        }

        void submit(List<Pending> batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<TagRule> current = rules.all();
            Instant now = Instant.now();
            // The same code twice in one batch: the later line wins.
            Map<String, Pending> latest = new LinkedHashMap<>();
            for (Pending pending : batch) {
                latest.remove(pending.input().code());
                latest.put(pending.input().code(), pending);
            }
            unchanged += batch.size() - latest.size();
            awaitSettled(latest.keySet(), current, now);
            batchNo++;
            if (optimistic) {
                for (Pending pending : latest.values()) {
                    write("create", SubjectMerger.merge(pending.input(), null, current, now), pending, SubjectOwnership.MASTER_FIELDS);
                }
                send();
                sentOptimistically += latest.size();
                if (outcomes.refusedAsStored.get() - refusedBefore > Math.max(1, sentOptimistically / 100)) {
                    optimistic = false;
                }
            } else {
                Map<String, Subject> found = writer.getAll(latest.keySet());
                probe(latest.values(), found, current, now);
                if (found.isEmpty() && latest.size() >= Math.min(100, batchSize)) {
                    optimistic = true;
                    sentOptimistically = 0;
                    refusedBefore = outcomes.refusedAsStored.get();
                }
            }
        }

        /** A write of a batch not yet handed to the sender: {@code index} or {@code create} of the merged subject. */
        private record Write(String action, Subject subject, Pending pending) {}

        /** The writes of a batch not yet handed to the sender, and their codes by the master fields each write changes. */
        private final List<Write> writes = new ArrayList<>();
        private final Map<List<String>, List<String>> changed = new LinkedHashMap<>();

        private void write(String action, Subject subject, Pending pending, List<String> fields) {
            writes.add(new Write(action, subject, pending));
            changed.computeIfAbsent(fields, f -> new ArrayList<>()).add(pending.input().code());
        }

        /**
         * Hands the batch's writes to the sender, after its provenance: one audit entry per set of
         * changed fields, its target the codes written so, queued first so that it travels in the same
         * bulk request as the writes or an earlier one (no request of its own). An entry per
         * subject would double the documents an import writes; subjectChanges finds an entry by code
         * and lists it for that subject like other writes (docs/SUBJECT-WRITE.md).
         */
        private void send() {
            for (Map.Entry<List<String>, List<String>> group : changed.entrySet()) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("run", run);
                change.put("batch", batchNo);
                change.put("fields", group.getKey());
                AuditLog.BulkEntry entry = audit.bulkEntry(caller, "subject.import", group.getValue(), change);
                sender.add("create", entry.index(), entry.id(), entry.document(), null);
            }
            for (Write write : writes) {
                outcomes.sent(write.pending().input().code());
                sender.add(write.action(), null, write.subject().code(), writer.document(write.subject()), write.pending());
            }
            changed.clear();
            writes.clear();
        }

        /**
         * Writes of one code must reach Elasticsearch in line order, and two requests are in flight at a
         * time: a code written again while an earlier write of it is unanswered (or refused and not yet
         * written again) waits for it, so the later line is always the one that stays.
         */
        private void awaitSettled(Collection<String> codes, List<TagRule> current, Instant now) {
            while (true) {
                retryStored(current, now);
                boolean clear = true;
                for (String code : codes) {
                    if (outcomes.inFlight.containsKey(code)) {
                        clear = false;
                        break;
                    }
                }
                if (clear) {
                    return;
                }
                sender.flush();
                outcomes.awaitAnswers();
            }
        }

        /** Creates refused because the code is stored: merged with what is stored now and written with index. */
        void retryStored(List<TagRule> current, Instant now) {
            List<Pending> again = new ArrayList<>();
            Pending pending;
            while ((pending = outcomes.stored.poll()) != null) {
                again.add(pending);
            }
            // A refused code stays in flight until written again, so no two of these share a code.
            for (int from = 0; from < again.size(); from += batchSize) {
                List<Pending> chunk = again.subList(from, Math.min(again.size(), from + batchSize));
                probe(chunk, writer.getAll(chunk.stream().map(p -> p.input().code()).toList()), current, now);
                // Each refused line is now written again (and in flight anew) or was already stored exactly so.
                chunk.forEach(p -> outcomes.settled(p.input().code()));
            }

        }

        private void probe(Collection<Pending> pendings, Map<String, Subject> found, List<TagRule> current, Instant now) {
            for (Pending pending : pendings) {
                Subject existing = found.get(pending.input().code());
                // a line changes only the fields it names, like upsertSubject
                SubjectInput kept = SubjectOwnership.keepUnnamed(pending.input(), existing, List.of());
                Subject next = SubjectMerger.merge(kept, existing, current, now);
                if (SubjectMerger.sameContent(existing, next)) {
                    unchanged++;
                    continue;
                }
                FieldError refusal = SubjectOwnership.refusal(caller, existing, kept, departments);
                if (refusal != null) {
                    outcomes.failedWrites.incrementAndGet();
                    outcomes.failures.add(new Rejected(pending.line(), pending.input().code(), List.of(refusal)));
                    continue;
                }
                write("index", next, pending, SubjectOwnership.changedFields(existing, kept));
            }
            send();
        }
    }
}
