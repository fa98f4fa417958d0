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
 * {@code _shard_doc} order. Re-running it is harmless: the same ids are written again.
 */
@Component
public class IndexCopier {

    private static final int PAGE = 2000;
    private final ElasticsearchClient client;

    public IndexCopier(ElasticsearchClient client) {
        this.client = client;
    }

    public long copy(String source, String target) throws IOException {
        String pit = client.openPointInTime(p -> p.index(source).keepAlive(k -> k.time("2m"))).id();
        long copied = 0;
        try {
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> searchAfter = after;
                String pitId = pit;
                SearchResponse<JsonData> page = client.search(s -> {
                    s.size(PAGE).pit(p -> p.id(pitId).keepAlive(k -> k.time("2m")))
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
