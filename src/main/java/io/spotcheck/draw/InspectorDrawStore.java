package io.spotcheck.draw;

import io.spotcheck.persistence.BackendErrors;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Every Elasticsearch request of inspector draws, amendments and substitutions. */
@Component
public class InspectorDrawStore {

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;
    private final DrawStore draws;

    public InspectorDrawStore(ElasticsearchClient client, IndexNames names, ObjectMapper json, DrawStore draws) {
        this.client = client;
        this.names = names;
        this.json = json;
        this.draws = draws;
    }

    /** Writes the record once; false when a record with its id exists already. */
    public boolean create(InspectorDrawRecord record) {
        return createOnce("inspector_draws", record.id(), record);
    }

    public boolean create(SubstitutionRecord record) {
        return createOnce("substitutions", record.id(), record);
    }

    public InspectorDrawRecord record(String id) {
        return get("inspector_draws", id, InspectorDrawRecord.class);
    }

    public SubstitutionRecord substitution(String id) {
        return get("substitutions", id, SubstitutionRecord.class);
    }

    /** Which of the ids have a record (realtime get, so a record just written counts). */
    public Set<String> existing(Collection<String> ids) {
        Set<String> found = new HashSet<>();
        List<String> wanted = ids.stream().distinct().toList();
        if (wanted.isEmpty()) {
            return found;
        }
        try {
            for (MultiGetResponseItem<Map> item : client.mget(m -> m.index(names.alias("inspector_draws")).ids(wanted)
                    .sourceIncludes("id"), Map.class).docs()) {
                if (item.isResult() && item.result().found()) {
                    found.add(item.result().id());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<InspectorDrawRecord> records(String taskId) {
        List<InspectorDrawRecord> result = new ArrayList<>();
        draws.walk("inspector_draws", Query.of(q -> q.term(t -> t.field("taskId").value(taskId))), "id", null, 200,
                hit -> result.add(json.convertValue(hit, InspectorDrawRecord.class)));
        return result;
    }

    public List<SubstitutionRecord> substitutions(String taskId) {
        List<SubstitutionRecord> result = new ArrayList<>();
        draws.walk("substitutions", Query.of(q -> q.term(t -> t.field("taskId").value(taskId))), "id", null, 500,
                hit -> result.add(json.convertValue(hit, SubstitutionRecord.class)));
        return result;
    }

    /**
     * Who inspected each subject last time for this department: the inspectors of its most recent
     * staffed assignment in another task (by when it was staffed).
     */
    public Map<String, Set<String>> lastInspectors(String department, Collection<String> subjectCodes, String exceptTask) {
        Map<String, Set<String>> result = new HashMap<>();
        Map<String, OffsetDateTime> when = new HashMap<>();
        List<String> codes = subjectCodes.stream().distinct().toList();
        for (int from = 0; from < codes.size(); from += 10_000) {
            List<FieldValue> batch = codes.subList(from, Math.min(codes.size(), from + 10_000)).stream().map(FieldValue::of).toList();
            Query query = Query.of(q -> q.bool(b -> b
                    .filter(f -> f.term(t -> t.field("department").value(department)))
                    .filter(f -> f.terms(t -> t.field("subjectCode").terms(v -> v.value(batch))))
                    .filter(f -> f.exists(e -> e.field("inspectorIds")))
                    .mustNot(m -> m.term(t -> t.field("taskId").value(exceptTask)))));
            draws.walk("assignments", query, "subjectCode", List.of("subjectCode", "inspectorIds", "changedAt"), 5000, hit -> {
                String code = hit.path("subjectCode").asText();
                OffsetDateTime at = hit.hasNonNull("changedAt") ? OffsetDateTime.parse(hit.path("changedAt").asText()) : OffsetDateTime.MIN;
                if (when.containsKey(code) && !at.isAfter(when.get(code))) {
                    return;
                }
                Set<String> ids = new HashSet<>();
                hit.path("inspectorIds").forEach(n -> ids.add(n.asText()));
                when.put(code, at);
                result.put(code, ids);
            });
        }
        return result;
    }

    /** Every assignment an inspector was drawn for, whatever its state now; optionally of one task. */
    public List<DrawStore.Assignment> assignmentsOf(String inspectorId, String taskId) {
        Query query = Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("inspectorIds").value(inspectorId)));
            if (taskId != null) {
                b.filter(f -> f.term(t -> t.field("taskId").value(taskId)));
            }
            return b;
        }));
        List<DrawStore.Assignment> result = new ArrayList<>();
        draws.walk("assignments", query, "subjectCode", null, 1000, hit -> result.add(json.convertValue(hit, DrawStore.Assignment.class)));
        return result;
    }

    private boolean createOnce(String logical, String id, Object document) {
        try {
            client.index(i -> i.index(names.alias(logical)).id(id).opType(OpType.Create)
                    .document(json.convertValue(document, Map.class)).refresh(Refresh.WaitFor));
            return true;
        } catch (ElasticsearchException | IOException e) {
            if (BackendErrors.isConflict(e)) {
                return false;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (ElasticsearchException) e;
        }
    }

    private <T> T get(String logical, String id, Class<T> type) {
        try {
            GetResponse<Map> r = client.get(g -> g.index(names.alias(logical)).id(id), Map.class);
            return r.found() ? json.convertValue(r.source(), type) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
