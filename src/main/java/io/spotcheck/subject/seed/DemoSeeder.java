package io.spotcheck.subject.seed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.spotcheck.search.IndexBootstrap;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.Subject;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * DEMO ONLY (dev profile, {@code spotcheck.seed.enabled=true}): fills an empty subject directory
 * with {@code spotcheck.seed.subjects} generated subjects ({@code ./spotcheck run --subjects N}).
 * Runs in the background once the indices exist, streams through a BulkIngester (bounded batches,
 * one request in flight, so memory stays flat at any count) and writes each subject under its
 * code, so an interrupted load re-run writes the same documents again.
 */
@Component
@ConditionalOnProperty(prefix = "spotcheck.seed", name = "enabled", havingValue = "true")
class DemoSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    static final long SEED = 42;

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final long count;

    DemoSeeder(ElasticsearchClient client, IndexNames names, IndexBootstrap indices,
               @Value("${spotcheck.seed.subjects:50000}") long count) {
        this.client = client;
        this.names = names;
        this.count = count;
        indices.whenReady(() -> {
            Thread thread = new Thread(this::seedIfEmpty, "demo-seeder");
            thread.setDaemon(true);
            thread.start();
        });
    }

    void seedIfEmpty() {
        try {
            long existing = client.count(c -> c.index(names.alias("subjects"))).count();
            if (existing > 0) {
                log.info("subject directory holds {} subjects; demo data not loaded", existing);
                return;
            }
            long started = System.nanoTime();
            long written = load(SubjectGenerator.forDistrict(SEED, count));
            client.indices().refresh(r -> r.index(names.alias("subjects")));
            log.info("loaded {} demo subjects in {} s", written, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        } catch (IOException | RuntimeException e) {
            log.warn("demo subjects not loaded: {}", e.toString());
        }
    }

    long load(Iterator<Subject> subjects) {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        String index = names.alias("subjects");
        BulkListener<Void> listener = new BulkListener<>() {
            @Override
            public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {}

            @Override
            public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
                long bad = response.items().stream().filter(i -> i.error() != null).count();
                failed.addAndGet(bad);
                long total = done.addAndGet(request.operations().size() - bad);
                if (total / 50_000 != (total - request.operations().size()) / 50_000) {
                    log.info("demo subjects: {} of {} loaded", total, count);
                }
            }

            @Override
            public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable failure) {
                failed.addAndGet(request.operations().size());
                log.warn("demo subject batch failed: {}", failure.toString());
            }
        };
        try (BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(2000)
                .maxSize(8L * 1024 * 1024).maxConcurrentRequests(1).flushInterval(5, TimeUnit.SECONDS).listener(listener))) {
            while (subjects.hasNext()) {
                Subject subject = io.spotcheck.subject.PublicKeys.withKey(subjects.next());
                ingester.add(BulkOperation.of(op -> op.index(i -> i.index(index).id(subject.code()).document(subject))));
            }
        }
        if (failed.get() > 0) {
            log.warn("{} demo subjects were rejected", failed.get());
        }
        return done.get();
    }
}
