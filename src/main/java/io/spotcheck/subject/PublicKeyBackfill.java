package io.spotcheck.subject;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.IndexBootstrap;
import io.spotcheck.search.IndexNames;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives every subject stored before public keys existed its key, once: at start-up and before a
 * scope walk. Each key is written with the document's sequence number (a conditional update of
 * that one field), so two instances running this at once cannot give one subject two keys — the
 * second write is refused and the next round sees the key set. Subjects that already have a key are
 * never touched.
 */
@Component
public class PublicKeyBackfill {

    private static final Logger log = LoggerFactory.getLogger(PublicKeyBackfill.class);
    private static final int PAGE = 1_000;

    private final ElasticsearchClient client;
    private final IndexNames names;

    public PublicKeyBackfill(ElasticsearchClient client, IndexNames names, IndexBootstrap indices) {
        this.client = client;
        this.names = names;
        indices.whenReady(() -> {
            long n = run();
            if (n > 0) {
                log.info("gave {} subjects their public member key", n);
            }
        });
    }

    /** Subjects without a key, after a refresh. */
    public long missing() {
        try {
            client.indices().refresh(r -> r.index(names.alias("subjects")));
            return client.count(c -> c.index(names.alias("subjects")).query(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field("publicKey"))))))
                    .count();
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** Sets the key where missing; answers how many this call set. */
    public long run() {
        String index = names.alias("subjects");
        long set = 0;
        try {
            for (int round = 0; round < 100_000; round++) {
                client.indices().refresh(r -> r.index(index));
                SearchResponse<JsonNode> page = client.search(s -> s.index(index).size(PAGE).seqNoPrimaryTerm(true)
                        .source(src -> src.filter(f -> f.includes("code", "kind")))
                        .query(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field("publicKey"))))), JsonNode.class);
                if (page.hits().hits().isEmpty()) {
                    return set;
                }
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (Hit<JsonNode> hit : page.hits().hits()) {
                    String kind = hit.source().path("kind").asText(null);
                    String code = hit.source().path("code").asText(hit.id());
                    String key = "NATURAL_PERSON".equals(kind) ? PublicKeys.newPersonKey() : code;
                    bulk.operations(op -> op.update(u -> u.index(index).id(hit.id()).ifSeqNo(hit.seqNo()).ifPrimaryTerm(hit.primaryTerm())
                            .action(a -> a.doc(Map.of("publicKey", key)))));
                }
                BulkResponse r = client.bulk(bulk.build());
                for (BulkResponseItem item : r.items()) {
                    if (item.error() == null) {
                        set++;
                    } else if (item.status() != 409) {
                        throw new IllegalStateException("public key of " + item.id() + " not set: " + item.error().reason());
                    }
                }
            }
            return set;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }
}
