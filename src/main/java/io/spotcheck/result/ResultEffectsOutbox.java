package io.spotcheck.result;

import io.spotcheck.persistence.BackendErrors;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.persistence.VersionConflict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The durable marker of a result whose follow-up effects are still to be applied ({@code result_effects},
 * one document per result id). {@link ResultService} writes it before the result itself, so whatever
 * becomes of the server after the result is stored, the marker is there for {@link ResultEffectsWorker}
 * to redo the effects; the worker removes it only if nobody marked the result again meanwhile.
 */
@Component
public class ResultEffectsOutbox {

    /** Where the inspector said a subject found moved out went (from {@code SubmitResultInput.relocation}). */
    public record RelocationNote(String newAddress, String newRegionCode, String note) {}

    /**
     * Effects pending for {@code resultId}: the submission they are for (its {@code submittedAt}), who submitted, the items an earlier submission had checked
     * (their last-inspection entries this task set are withdrawn unless checked again) and the relocation note.
     */
    public record Pending(String resultId, Instant submittedAt, String by, List<String> uncheckedItems, RelocationNote relocation,
                          Instant markedAt) {}

    /** A pending marker with the coordinates its removal is conditional on. */
    public record Marked(Pending pending, long seqNo, long primaryTerm) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public ResultEffectsOutbox(ElasticsearchClient client, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.names = names;
        this.json = json;
    }

    String index() {
        return names.alias("result_effects");
    }

    /**
     * Marks the effects of a submission pending, before the result is written. The items {@code previous}
     * checked join those of a marker still pending (a re-submission before the worker came by), so
     * redoing the effects from the stored result withdraws every entry a replaced submission set.
     * Durable when it returns (Elasticsearch acknowledges an index request once its translog is on disk).
     */
    public Marked mark(String resultId, Instant submittedAt, Result previous, String by, RelocationNote note) {
        return mark(resultId, submittedAt, previous, by, note, get(resultId));
    }

    /**
     * {@link #mark}, the marker as stored having been read already ({@code read}, null when there was
     * none) in the submission's own multi-get; the write is conditional on it, and read again on a conflict.
     */
    public Marked mark(String resultId, Instant submittedAt, Result previous, String by, RelocationNote note, Marked read) {
        for (int attempt = 0; ; attempt++) {
            Marked existing = attempt == 0 ? read : get(resultId);
            TreeSet<String> unchecked = new TreeSet<>(ResultEffects.checkedItems(previous));
            if (existing != null) {
                unchecked.addAll(existing.pending().uncheckedItems());
            }
            Pending pending = new Pending(resultId, submittedAt, by, List.copyOf(unchecked), note, Instant.now());
            Map<?, ?> doc = json.convertValue(pending, Map.class);
            try {
                var r = BackendErrors.call("result effects of " + resultId, () -> client.index(i -> {
                    i.index(index()).id(resultId).document(doc);
                    return existing == null ? i.opType(co.elastic.clients.elasticsearch._types.OpType.Create)
                            : i.ifSeqNo(existing.seqNo()).ifPrimaryTerm(existing.primaryTerm());
                }));
                return new Marked(pending, r.seqNo(), r.primaryTerm());
            } catch (VersionConflict e) {
                if (attempt >= 100) {
                    throw e;
                }
                // submissions of one result racing each other (one of them will store it): mark again after a short pause
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 10L + attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while marking result effects", ie);
                }
            }
        }
    }

    public Marked get(String resultId) {
        GetResponse<JsonNode> r = BackendErrors.call("result effects of " + resultId,
                () -> client.get(g -> g.index(index()).id(resultId), JsonNode.class));
        return r.found() ? decode(r.source(), r.seqNo(), r.primaryTerm()) : null;
    }

    /** A marker as {@link #get} reads it, from a document read elsewhere (a multi-get across indices). */
    Marked decode(JsonNode source, long seqNo, long primaryTerm) {
        return new Marked(json.convertValue(source, Pending.class), seqNo, primaryTerm);
    }

    /** Removes the marker if it is still exactly {@code marked}; false when it was marked again (or is gone). */
    public boolean clear(Marked marked) {
        try {
            BackendErrors.run("result effects of " + marked.pending().resultId(), () -> client.delete(d -> d.index(index())
                    .id(marked.pending().resultId()).ifSeqNo(marked.seqNo()).ifPrimaryTerm(marked.primaryTerm())));
            return true;
        } catch (VersionConflict e) {
            return false;
        }
    }

    /**
     * {@link #clear} of several markers in one bulk request, each deleted only if it is still exactly
     * the one read. Answers the result ids whose marker was not removed (marked again meanwhile, gone,
     * or refused).
     */
    public List<String> clearAll(List<Marked> markers) {
        List<String> kept = new ArrayList<>();
        if (markers.isEmpty()) {
            return kept;
        }
        co.elastic.clients.elasticsearch.core.BulkRequest.Builder bulk = new co.elastic.clients.elasticsearch.core.BulkRequest.Builder();
        for (Marked m : markers) {
            bulk.operations(op -> op.delete(d -> d.index(index()).id(m.pending().resultId()).ifSeqNo(m.seqNo()).ifPrimaryTerm(m.primaryTerm())));
        }
        var response = BackendErrors.call("result effects", () -> client.bulk(bulk.build()));
        response.items().stream().filter(item -> item.error() != null).forEach(item -> kept.add(item.id()));
        return kept;
    }

    /** Makes every marker searchable: recovery searches them (rarely: at start-up and every recovery interval). */
    public void refresh() {
        BackendErrors.run("result effects", () -> client.indices().refresh(r -> r.index(index())));
    }

    /** Result ids with effects pending that were marked before {@code before}, oldest first, at most {@code max}. */
    public List<String> pendingSince(Instant before, int max) {
        List<String> ids = new ArrayList<>();
        BackendErrors.call("result effects", () -> client.search(s -> s.index(index()).size(max).source(src -> src.fetch(false))
                        .query(q -> q.range(r -> r.untyped(u -> u.field("markedAt").lt(co.elastic.clients.json.JsonData.of(before.toString())))))
                        .sort(o -> o.field(f -> f.field("markedAt").order(SortOrder.Asc))), JsonNode.class))
                .hits().hits().forEach(h -> ids.add(h.id()));
        return ids;
    }
}
