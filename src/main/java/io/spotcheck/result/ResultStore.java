package io.spotcheck.result;

import io.spotcheck.persistence.BackendErrors;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every Elasticsearch request of result entry: results (conditional on the sequence number read),
 * the assignment a result belongs to, and pending business-anomaly listings.
 */
@Component
public class ResultStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ResultStore.class);

    /** Someone else wrote the result since it was read. */
    public static class VersionConflict extends RuntimeException {
        public VersionConflict() {
            super("the result was changed by someone else", null, false, false);
        }
    }

    /** A stored result with the coordinates its next write must be conditional on. */
    public record Versioned(Result result, long seqNo, long primaryTerm) {}

    /**
     * The assignment of a subject to an agency for one department (from grouping) and the inspectors
     * drawn for it. Id {@code taskId:department:subjectCode} as written by {@code DrawStore}.
     */
    public record Assignment(String taskId, String department, String agency, String subjectCode, String region, String status,
                             List<String> inspectorIds) {}

    /** A pending listing in the business-anomaly list (经营异常名录), one per result and reason. */
    public record AnomalyListing(String id, String subjectCode, String reason, String resultId, String taskId, String department,
                                 String agency, java.time.LocalDate inspectionDate, java.time.LocalDate due, String status,
                                 java.time.Instant openedAt, String openedBy) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public ResultStore(ElasticsearchClient client, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.names = names;
        this.json = json;
    }

    public Versioned get(String id) {
        try {
            GetResponse<JsonNode> r = client.get(g -> g.index(names.alias("results")).id(id), JsonNode.class);
            if (!r.found()) {
                return null;
            }
            return new Versioned(json.treeToValue(r.source(), Result.class).withVersion(r.seqNo()), r.seqNo(), r.primaryTerm());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code result} only if absent ({@code read} null) or still exactly {@code read}. */
    public Result write(Versioned read, Result result) {
        Map<String, Object> doc = json.convertValue(result, Map.class);
        doc.remove("version");
        doc.values().removeIf(java.util.Objects::isNull);
        try {
            IndexResponse r = client.index(i -> {
                // acknowledged once stored (translog on disk), searchable at the next refresh: no wait on the hot path
                i.index(names.alias("results")).id(result.id()).document(doc);
                if (read == null) {
                    i.opType(OpType.Create);
                } else {
                    i.ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm());
                }
                return i;
            });
            return result.withVersion(r.seqNo());
        } catch (RuntimeException | IOException e) {
            if (BackendErrors.isConflict(e)) {
                Result stored = storedExactly(result.id(), doc);
                if (stored != null) {
                    return stored;
                }
                throw new VersionConflict();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * The stored result when it is exactly {@code doc}, else null. A write whose answer was lost — the
     * node that took it died after storing it, and the client sent it again to another node — meets
     * itself as a conflict; what is stored is then this very document (its submission time included),
     * so the write succeeded. Any other submission differs at least in that time and stays a conflict.
     */
    private Result storedExactly(String id, Map<String, Object> doc) {
        try {
            JsonNode wanted = withoutNulls(json.readTree(json.writeValueAsString(doc)));
            // the copy that answers may not have applied the write yet while its node's loss is sorted out
            for (int attempt = 0; attempt < 4; attempt++) {
                GetResponse<JsonNode> r = client.get(g -> g.index(names.alias("results")).id(id), JsonNode.class);
                if (r.found() && wanted.equals(withoutNulls(json.readTree(json.writeValueAsString(r.source()))))) {
                    return json.treeToValue(r.source(), Result.class).withVersion(r.seqNo());
                }
                if (attempt == 3) {
                    log.warn("result {}: write refused as a conflict; stored {}", id, r.found() ? "differs: " + r.source() + " vs " + wanted : "nothing");
                    return null;
                }
                Thread.sleep(250L << attempt);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The stored form: the client leaves null fields out of nested objects too. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).objectNode();
            node.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    copy.set(f.getKey(), withoutNulls(f.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = ((com.fasterxml.jackson.databind.node.ArrayNode) node).arrayNode();
            node.forEach(e -> copy.add(withoutNulls(e)));
            return copy;
        }
        return node;
    }

    public Assignment assignment(String taskId, String department, String subjectCode) {
        String id = taskId + ":" + department + ":" + subjectCode;
        try {
            GetResponse<JsonNode> r = client.get(g -> g.index(names.alias("assignments")).id(id), JsonNode.class);
            return r.found() ? json.treeToValue(r.source(), Assignment.class) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pending listings this result opened, whatever their status. */
    public List<AnomalyListing> listingsOf(String resultId) {
        try {
            List<AnomalyListing> result = new ArrayList<>();
            client.search(s -> s.index(names.alias("anomaly_listings")).size(100)
                            .query(SubjectQueries.terms("resultId", List.of(resultId))), JsonNode.class)
                    .hits().hits().forEach(h -> result.add(json.convertValue(h.source(), AnomalyListing.class)));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AnomalyListing listing(String id) {
        try {
            GetResponse<JsonNode> r = client.get(g -> g.index(names.alias("anomaly_listings")).id(id), JsonNode.class);
            return r.found() ? json.treeToValue(r.source(), AnomalyListing.class) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void putListing(AnomalyListing listing) {
        Map<?, ?> doc = json.convertValue(listing, Map.class);
        try {
            client.index(i -> i.index(names.alias("anomaly_listings")).id(listing.id()).document(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
