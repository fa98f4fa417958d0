package io.spotcheck.review;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.persistence.VersionConflict;
import io.spotcheck.search.IndexNames;
import io.spotcheck.system.BackendUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Every write of review and publication to the {@code results} index, and the walks they need.
 * Writes are partial updates conditional on the sequence number and primary term that were read,
 * so a result changed meanwhile (re-submitted, reviewed by someone else) is never overwritten.
 */
@Component
public class ReviewStore {

    /** A result with the coordinates its next write is conditional on. */
    public record Versioned(ResultView result, long seqNo, long primaryTerm) {}

    private final ElasticsearchClient client;
    private final IndexNames names;

    public ReviewStore(ElasticsearchClient client, IndexNames names) {
        this.client = client;
        this.names = names;
    }

    /**
     * Whether a result of this subject is in the review queue of this department and agency (either
     * null: all of it), in a status the queue lists ({@link ReviewQueue#STATUSES}).
     */
    public boolean inQueue(String department, String agency, String subjectCode) {
        List<Query> filters = new java.util.ArrayList<>();
        filters.add(Query.of(q -> q.term(t -> t.field("subjectCode").value(subjectCode))));
        filters.add(Query.of(q -> q.terms(t -> t.field("status").terms(v -> v.value(ReviewQueue.STATUSES.stream().map(FieldValue::of).toList())))));
        if (department != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("department").value(department))));
        }
        if (agency != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("agency").value(agency))));
        }
        return BackendErrors.call("review queue", () -> client.count(c -> c.index(names.alias("results"))
                .query(q -> q.bool(b -> b.filter(filters))))).count() > 0;
    }

    public Versioned get(String id) {
        try {
            GetResponse<ResultView> r = client.get(g -> g.index(names.alias("results")).id(id), ResultView.class);
            if (!r.found() || r.source() == null) {
                return null;
            }
            return new Versioned(r.source().withVersion(r.seqNo()), r.seqNo(), r.primaryTerm());
        } catch (IOException e) {
            throw new BackendUnavailableException("could not read the result", e);
        }
    }

    /**
     * Applies {@code changes} if the stored document is still the one read; returns the new sequence
     * number, or throws {@link VersionConflict}.
     */
    public long update(Versioned read, Map<String, Object> changes) {
        try {
            return client.update(u -> u.index(names.alias("results")).id(read.result().id()).doc(changes)
                    .ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()).refresh(Refresh.WaitFor), Map.class).seqNo();
        } catch (ElasticsearchException | IOException e) {
            throw BackendErrors.translate("result " + read.result().id(), e);
        }
    }

    /** One page of a walk: the results and the coordinates each write would be conditional on. */
    public record Batch(List<Versioned> results) {}

    /**
     * Visits every result matching {@code query} in pages of {@code pageSize}, over a point in time
     * in index order (never by id, which ends in a subject code), holding one page in memory at a time.
     */
    public void walk(Query query, int pageSize, Consumer<Batch> each) {
        String pit;
        try {
            pit = client.openPointInTime(p -> p.index(names.alias("results")).keepAlive(Time.of(t -> t.time("2m")))).id();
        } catch (IOException e) {
            throw new BackendUnavailableException("could not read the results", e);
        }
        try {
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> searchAfter = after;
                String pitId = pit;
                SearchResponse<ResultView> r = client.search(s -> {
                    s.pit(p -> p.id(pitId).keepAlive(Time.of(t -> t.time("2m")))).size(pageSize).query(query)
                            .seqNoPrimaryTerm(true).sort(o -> o.field(f -> f.field("_shard_doc"))).trackTotalHits(t -> t.enabled(false));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, ResultView.class);
                if (r.pitId() != null) {
                    pit = r.pitId();
                }
                List<Hit<ResultView>> hits = r.hits().hits();
                if (!hits.isEmpty()) {
                    each.accept(new Batch(hits.stream()
                            .map(h -> new Versioned(h.source().withVersion(h.seqNo()), h.seqNo(), h.primaryTerm())).toList()));
                    after = hits.get(hits.size() - 1).sort();
                }
                if (hits.size() < pageSize) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new BackendUnavailableException("could not read the results", e);
        } finally {
            String pitId = pit;
            try {
                client.closePointInTime(c -> c.id(pitId));
            } catch (IOException | ElasticsearchException e) {
                // expires on its own
            }
        }
    }

    /** Conditional partial updates of a batch; returns how many landed (the rest changed meanwhile). */
    public int updateAll(List<Versioned> batch, Map<String, Object> changes) {
        if (batch.isEmpty()) {
            return 0;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (Versioned v : batch) {
            bulk.operations(op -> op.update(u -> u.index(names.alias("results")).id(v.result().id())
                    .ifSeqNo(v.seqNo()).ifPrimaryTerm(v.primaryTerm()).action(a -> a.doc(changes))));
        }
        try {
            BulkResponse r = client.bulk(bulk.build());
            int landed = 0;
            for (BulkResponseItem item : r.items()) {
                if (item.error() == null) {
                    landed++;
                } else if (item.status() != 409) {
                    throw new BackendUnavailableException("publishing failed: " + item.error().reason(), null);
                }
            }
            return landed;
        } catch (IOException e) {
            throw new BackendUnavailableException("could not write the results", e);
        }
    }

    public void refresh() {
        try {
            client.indices().refresh(r -> r.index(names.alias("results")));
        } catch (IOException e) {
            throw new BackendUnavailableException("could not refresh the results", e);
        }
    }
}
