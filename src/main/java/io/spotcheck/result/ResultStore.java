package io.spotcheck.result;

import io.spotcheck.persistence.BackendErrors;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.persistence.VersionConflict;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every Elasticsearch request of result entry: results (conditional on the sequence number read),
 * the assignment a result belongs to, and pending business-anomaly listings. Failures go through
 * {@link BackendErrors}; a conditional write that lost is {@link VersionConflict}.
 * <p>
 * Results stay on the Elasticsearch Java client rather than a Spring Data entity: submission is the
 * inspectors' hot path (docs/RESULTS.md, "Acknowledgement and follow-up"). The write is acknowledged
 * without waiting for a refresh, paired with the {@link ResultEffectsOutbox} marker, and a conflict is
 * settled by comparing the stored source with the exact document sent (a retried write whose first
 * answer was lost meets itself), which needs the document as sent, nulls left out as the client
 * leaves them, rather than an entity mapping's rendering of it.
 */
@Component
public class ResultStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ResultStore.class);

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
        GetResponse<JsonNode> r = BackendErrors.call("result " + id,
                () -> client.get(g -> g.index(names.alias("results")).id(id), JsonNode.class));
        return r.found() ? decode(r.source(), r.seqNo(), r.primaryTerm()) : null;
    }

    /** A stored result as {@link #get} reads it, from a document read elsewhere (a multi-get across indices). */
    Versioned decode(JsonNode source, long seqNo, long primaryTerm) {
        return new Versioned(json.convertValue(source, Result.class).withVersion(seqNo), seqNo, primaryTerm);
    }

    String index() {
        return names.alias("results");
    }

    /**
     * Writes {@code result} only if absent ({@code read} null) or still exactly {@code read};
     * {@link VersionConflict} if someone else wrote it meanwhile.
     */
    public Result write(Versioned read, Result result) {
        Map<String, Object> doc = json.convertValue(result, Map.class);
        doc.remove("version");
        doc.values().removeIf(java.util.Objects::isNull);
        try {
            IndexResponse r = BackendErrors.call("result " + result.id(), () -> client.index(i -> {
                // acknowledged once stored (translog on disk), searchable at the next refresh: no wait on the hot path
                i.index(names.alias("results")).id(result.id()).document(doc);
                if (read == null) {
                    i.opType(OpType.Create);
                } else {
                    i.ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm());
                }
                return i;
            }));
            return result.withVersion(r.seqNo());
        } catch (VersionConflict e) {
            Result stored = storedExactly(result.id(), doc);
            if (stored != null) {
                return stored;
            }
            throw new VersionConflict("the result", e);
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
                GetResponse<JsonNode> r = BackendErrors.call("result " + id,
                        () -> client.get(g -> g.index(names.alias("results")).id(id), JsonNode.class));
                if (r.found() && wanted.equals(withoutNulls(json.readTree(json.writeValueAsString(r.source()))))) {
                    return json.convertValue(r.source(), Result.class).withVersion(r.seqNo());
                }
                if (attempt == 3) {
                    log.warn("result {}: write refused as a conflict; stored {}", id, r.found() ? "differs: " + r.source() + " vs " + wanted : "nothing");
                    return null;
                }
                Thread.sleep(250L << attempt);
            }
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("result " + id + " could not be compared with what is stored", e);
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
        String id = assignmentId(taskId, department, subjectCode);
        GetResponse<JsonNode> r = BackendErrors.call("assignment " + id,
                () -> client.get(g -> g.index(assignmentIndex()).id(id), JsonNode.class));
        return r.found() ? decodeAssignment(r.source()) : null;
    }

    static String assignmentId(String taskId, String department, String subjectCode) {
        return taskId + ":" + department + ":" + subjectCode;
    }

    String assignmentIndex() {
        return names.alias("assignments");
    }

    Assignment decodeAssignment(JsonNode source) {
        return json.convertValue(source, Assignment.class);
    }

    /** The pending listings this result opened, whatever their status. */
    public List<AnomalyListing> listingsOf(String resultId) {
        List<AnomalyListing> result = new ArrayList<>();
        BackendErrors.call("anomaly listings of " + resultId, () -> client.search(s -> s.index(names.alias("anomaly_listings")).size(100)
                        .query(SubjectQueries.terms("resultId", List.of(resultId))), JsonNode.class))
                .hits().hits().forEach(h -> result.add(json.convertValue(h.source(), AnomalyListing.class)));
        return result;
    }

    public AnomalyListing listing(String id) {
        GetResponse<JsonNode> r = BackendErrors.call("anomaly listing " + id,
                () -> client.get(g -> g.index(names.alias("anomaly_listings")).id(id), JsonNode.class));
        return r.found() ? json.convertValue(r.source(), AnomalyListing.class) : null;
    }

    /** The listings of {@code ids} that exist, by id, in one multi-get (real time, as {@link #listing}). */
    public Map<String, AnomalyListing> listings(List<String> ids) {
        var r = BackendErrors.call("anomaly listings " + ids,
                () -> client.mget(m -> m.index(names.alias("anomaly_listings")).ids(ids), JsonNode.class));
        Map<String, AnomalyListing> found = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            var item = r.docs().get(i);
            // an item the multi-get could not read is read alone, so its failure surfaces as a get's would
            AnomalyListing listing = !item.isResult() ? listing(ids.get(i))
                    : item.result().found() ? json.convertValue(item.result().source(), AnomalyListing.class) : null;
            if (listing != null) {
                found.put(ids.get(i), listing);
            }
        }
        return found;
    }

    public void putListing(AnomalyListing listing) {
        Map<?, ?> doc = json.convertValue(listing, Map.class);
        BackendErrors.run("anomaly listing " + listing.id(),
                () -> client.index(i -> i.index(names.alias("anomaly_listings")).id(listing.id()).document(doc)));
    }
}
