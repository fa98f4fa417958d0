package io.spotcheck.subject.importer;

import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.security.Caller;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.write.FieldError;
import io.spotcheck.subject.write.SubjectInput;
import io.spotcheck.subject.write.SubjectMerger;
import io.spotcheck.subject.write.SubjectValidator;
import io.spotcheck.subject.write.SubjectWriteService;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.tag.TagRule;
import io.spotcheck.tag.TagRuleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The streaming bulk import: validates every record, merges the valid ones in batches with what is
 * stored (one mget per batch, so tags and their provenance survive a re-import), applies the tag
 * rules, and hands whole documents to the client's {@link BulkIngester} under their codes. Memory
 * is bounded by one batch plus the ingester's in-flight requests, whatever the size of the body;
 * rejected lines are passed on as they are found and not kept.
 */
@Service
public class SubjectImporter {

    private final SubjectValidator validator;
    private final SubjectWriter writer;
    private final TagRuleStore rules;
    private final AuditLog audit;
    private final int batchSize;

    public SubjectImporter(SubjectValidator validator, SubjectWriter writer, TagRuleStore rules, AuditLog audit,
                           @Value("${spotcheck.import.batch-size:500}") int batchSize) {
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

    public Summary run(Caller caller, Iterator<ImportRecords.Line> lines, Consumer<Rejected> rejectedSink) {
        SubjectWriteService.requireImporter(caller);
        AtomicLong failedWrites = new AtomicLong();
        ConcurrentLinkedQueue<Rejected> writeFailures = new ConcurrentLinkedQueue<>();
        long total = 0;
        long rejected = 0;
        long valid = 0;
        long unchanged = 0;
        BulkIngester<Long> ingester = writer.ingester(new BulkListener<>() {
            @Override
            public void beforeBulk(long executionId, BulkRequest request, List<Long> contexts) {}

            @Override
            public void afterBulk(long executionId, BulkRequest request, List<Long> contexts, BulkResponse response) {
                List<BulkResponseItem> items = response.items();
                for (int i = 0; i < items.size(); i++) {
                    BulkResponseItem item = items.get(i);
                    if (item.error() != null) {
                        failedWrites.incrementAndGet();
                        writeFailures.add(new Rejected(contexts.get(i), item.id(), List.of(FieldError.of("WRITE_FAILED",
                                "Elasticsearch refused the document: " + item.error().type()))));
                    }
                }
            }

            @Override
            public void afterBulk(long executionId, BulkRequest request, List<Long> contexts, Throwable failure) {
                failedWrites.addAndGet(contexts.size());
                for (Long line : contexts) {
                    writeFailures.add(new Rejected(line, null, List.of(FieldError.of("WRITE_FAILED",
                            "the batch could not be written; import the file again (it is idempotent)"))));
                }
            }
        }, 1000, 2);
        List<Pending> batch = new ArrayList<>(batchSize);
        try {
            while (lines.hasNext()) {
                ImportRecords.Line line = lines.next();
                total++;
                List<FieldError> errors = line.errors();
                SubjectInput input = line.input();
                if (errors.isEmpty()) {
                    SubjectValidator.Validation validation = validator.validate(input);
                    errors = validation.errors();
                    input = validation.input();
                }
                if (!errors.isEmpty()) {
                    rejected++;
                    rejectedSink.accept(new Rejected(line.number(), line.code(), errors));
                } else {
                    valid++;
                    batch.add(new Pending(line.number(), input));
                    if (batch.size() >= batchSize) {
                        unchanged += submit(batch, ingester);
                        batch.clear();
                    }
                }
                drain(writeFailures, rejectedSink);
            }
            unchanged += submit(batch, ingester);
        } finally {
            ingester.close();
        }
        drain(writeFailures, rejectedSink);
        writer.refresh();
        Summary summary = new Summary(total, valid - failedWrites.get(), rejected + failedWrites.get(), unchanged);
        audit.record(caller, "subject.import", "subjects", summary.rejected() == 0 ? "OK" : "PARTIAL", summary);
        return summary;
    }

    /** Merges one batch with the stored documents and queues the changed ones; answers how many were unchanged. */
    private int submit(List<Pending> batch, BulkIngester<Long> ingester) {
        if (batch.isEmpty()) {
            return 0;
        }
        Map<String, Subject> stored = new HashMap<>(writer.getAll(batch.stream().map(p -> p.input().code()).toList()));
        List<TagRule> current = rules.all();
        Instant now = Instant.now();
        // The same code twice in one batch: the later line wins, merged over the earlier one.
        Map<String, Pending> latest = new LinkedHashMap<>();
        for (Pending pending : batch) {
            latest.remove(pending.input().code());
            latest.put(pending.input().code(), pending);
        }
        int unchanged = batch.size() - latest.size();
        for (Pending pending : latest.values()) {
            Subject existing = stored.get(pending.input().code());
            Subject next = SubjectMerger.merge(pending.input(), existing, current, now);
            if (SubjectMerger.sameContent(existing, next)) {
                unchanged++;
                continue;
            }
            ingester.add(writer.indexOperation(next), pending.line());
        }
        return unchanged;
    }

    private static void drain(ConcurrentLinkedQueue<Rejected> failures, Consumer<Rejected> sink) {
        Rejected failure;
        while ((failure = failures.poll()) != null) {
            sink.accept(failure);
        }
    }
}
