package io.spotcheck.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Copies every document of one index into another with its id, walking a point-in-time in
 * {@code _shard_doc} order. Re-running it is harmless: the same ids are written again. A page holds
 * as many documents as fit {@link #PAGE_BYTES} by the index's stored size per document: a draw
 * record of a large scope holds megabytes, and two thousand of them at once would not fit the heap.
 */
@Component
public class IndexCopier {

    private static final int PAGE = 2000;
    /** Source bytes a page (and its bulk request) may hold, estimated before the walk. */
    static final long PAGE_BYTES = 8L << 20;
    /**
     * How much larger a source is than its share of the stored index: stored fields are compressed,
     * and text compresses to between a quarter and a half of its size.
     */
    static final int SOURCE_PER_STORED = 4;
    private final ElasticsearchClient client;

    public IndexCopier(ElasticsearchClient client) {
        this.client = client;
    }

    /** Documents per page for an index of {@code docs} documents in {@code storedBytes}. */
    static int pageSize(long docs, long storedBytes) {
        if (docs <= 0 || storedBytes <= 0) {
            return PAGE;
        }
        long perDocument = Math.max(1, storedBytes / docs) * SOURCE_PER_STORED;
        return (int) Math.max(1, Math.min(PAGE, PAGE_BYTES / perDocument));
    }

    public long copy(String source, String target) throws IOException {
        var primaries = client.indices().stats(s -> s.index(source).metric("docs", "store")).all().primaries();
        int size = pageSize(primaries.docs() == null ? 0 : primaries.docs().count(),
                primaries.store() == null ? 0 : primaries.store().sizeInBytes());
        String pit = client.openPointInTime(p -> p.index(source).keepAlive(k -> k.time("2m"))).id();
        long copied = 0;
        try {
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> searchAfter = after;
                String pitId = pit;
                SearchResponse<JsonData> page = client.search(s -> {
                    s.size(size).pit(p -> p.id(pitId).keepAlive(k -> k.time("2m")))
                            .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, JsonData.class);
                List<Hit<JsonData>> hits = page.hits().hits();
                if (hits.isEmpty()) {
                    break;
                }
                if (page.pitId() != null) {
                    pit = page.pitId();
                }
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (Hit<JsonData> hit : hits) {
                    bulk.operations(op -> op.index(i -> i.index(target).id(hit.id()).document(hit.source())));
                }
                var response = client.bulk(bulk.build());
                if (response.errors()) {
                    throw new IllegalStateException("copy " + source + " -> " + target + " rejected documents: "
                            + response.items().stream().filter(i -> i.error() != null).findFirst().map(i -> i.error().reason()).orElse("?"));
                }
                copied += hits.size();
                after = hits.get(hits.size() - 1).sort();
            }
        } finally {
            String pitId = pit;
            client.closePointInTime(c -> c.id(pitId));
        }
        client.indices().refresh(r -> r.index(target));
        return copied;
    }
}
