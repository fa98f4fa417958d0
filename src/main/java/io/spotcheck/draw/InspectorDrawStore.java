package io.spotcheck.draw;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.persistence.VersionConflict;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.elasticsearch.client.elc.NativeQuery;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.MultiGetItem;
import org.springframework.data.elasticsearch.core.RefreshPolicy;
import org.springframework.data.elasticsearch.core.SearchHit;
import org.springframework.data.elasticsearch.core.SearchHitsIterator;
import org.springframework.data.elasticsearch.core.query.FetchSourceFilterBuilder;
import org.springframework.data.elasticsearch.core.query.IndexQuery;
import org.springframework.data.elasticsearch.core.query.IndexQueryBuilder;
import org.springframework.stereotype.Component;

/**
 * Every Elasticsearch request of inspector draws, amendments and substitutions. The records
 * ({@link InspectorDrawRecord}, {@link SubstitutionRecord}) are Spring Data entities, written once and
 * read by id or by task; the assignments an inspector draw reads walk with {@link DrawStore}.
 */
@Component
public class InspectorDrawStore {

    /** Records of one task read a page at a time. */
    private static final int PAGE = 500;

    private final ElasticsearchOperations operations;
    /** A record is searchable when its create returns: the task's lists right after show it. */
    private final ElasticsearchOperations waitFor;
    private final ObjectMapper json;
    private final DrawStore draws;

    public InspectorDrawStore(ElasticsearchOperations operations, ObjectMapper json, DrawStore draws) {
        this.operations = operations;
        this.waitFor = operations.withRefreshPolicy(RefreshPolicy.WAIT_UNTIL);
        this.json = json;
        this.draws = draws;
    }

    /** Writes the record once; false when a record with its id exists already. */
    public boolean create(InspectorDrawRecord record) {
        return createOnce("inspector draw " + record.id(), record.id(), record);
    }

    public boolean create(SubstitutionRecord record) {
        return createOnce("substitution " + record.id(), record.id(), record);
    }

    public InspectorDrawRecord record(String id) {
        return BackendErrors.call("inspector draw " + id, () -> operations.get(id, InspectorDrawRecord.class));
    }

    public SubstitutionRecord substitution(String id) {
        return BackendErrors.call("substitution " + id, () -> operations.get(id, SubstitutionRecord.class));
    }

    /** Which of the ids have a record (realtime get, so a record just written counts). */
    public Set<String> existing(Collection<String> ids) {
        Set<String> found = new HashSet<>();
        List<String> wanted = ids.stream().distinct().toList();
        if (wanted.isEmpty()) {
            return found;
        }
        NativeQuery query = NativeQuery.builder().withIds(wanted)
                .withSourceFilter(new FetchSourceFilterBuilder().withIncludes("id").build()).build();
        List<MultiGetItem<InspectorDrawRecord>> items = BackendErrors.call("inspector draws",
                () -> operations.multiGet(query, InspectorDrawRecord.class));
        for (MultiGetItem<InspectorDrawRecord> item : items) {
            if (item.hasItem()) {
                found.add(item.getItem().id());
            }
        }
        return found;
    }

    /** The task's inspector draws and amendments, by id. */
    public List<InspectorDrawRecord> records(String taskId) {
        return ofTask(taskId, InspectorDrawRecord.class, "inspector draws of " + taskId);
    }

    /** The task's substitutions, by id. */
    public List<SubstitutionRecord> substitutions(String taskId) {
        return ofTask(taskId, SubstitutionRecord.class, "substitutions of " + taskId);
    }

    private <T> List<T> ofTask(String taskId, Class<T> type, String what) {
        NativeQuery query = NativeQuery.builder().withQuery(q -> q.term(t -> t.field("taskId").value(taskId)))
                .withSort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)))
                .withPageable(org.springframework.data.domain.PageRequest.of(0, PAGE)).build();
        return BackendErrors.call(what, () -> {
            List<T> result = new ArrayList<>();
            try (SearchHitsIterator<T> hits = operations.searchForStream(query, type)) {
                hits.forEachRemaining(hit -> result.add(hit.getContent()));
            }
            return result;
        });
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

    private boolean createOnce(String what, String id, Object record) {
        IndexQuery query = new IndexQueryBuilder().withId(id).withObject(record).withOpType(IndexQuery.OpType.CREATE).build();
        try {
            BackendErrors.call(what, () -> waitFor.index(query, operations.getIndexCoordinatesFor(record.getClass())));
            return true;
        } catch (VersionConflict e) {
            return false;
        }
    }
}
