package io.spotcheck.task;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every Elasticsearch request of plans and tasks. Task writes are conditional on the sequence
 * number and primary term that were read, so of two concurrent changes exactly one lands.
 */
@Component
public class TaskStore {

    /** Someone else changed the task since it was read. */
    public static class VersionConflict extends RuntimeException {
        public VersionConflict() {
            super("the task was changed by someone else", null, false, false);
        }
    }

    /** A task with the coordinates its next write must be conditional on. */
    public record Versioned(Task task, long seqNo, long primaryTerm) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public TaskStore(ElasticsearchClient client, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.names = names;
        this.json = json;
    }

    public Versioned create(Task task) {
        try {
            IndexResponse r = client.index(i -> i.index(names.alias("tasks")).id(task.id()).opType(co.elastic.clients.elasticsearch._types.OpType.Create)
                    .document(doc(task)).refresh(Refresh.WaitFor));
            return new Versioned(task.stamped(null, r.seqNo()), r.seqNo(), r.primaryTerm());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Versioned get(String id) {
        try {
            GetResponse<Map> r = client.get(g -> g.index(names.alias("tasks")).id(id), Map.class);
            if (!r.found()) {
                return null;
            }
            Task task = json.convertValue(r.source(), Task.class).stamped(null, r.seqNo());
            return new Versioned(task, r.seqNo(), r.primaryTerm());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Task> getAll(Collection<String> ids) {
        Map<String, Task> result = new LinkedHashMap<>();
        List<String> wanted = ids.stream().distinct().toList();
        if (wanted.isEmpty()) {
            return result;
        }
        try {
            for (MultiGetResponseItem<Map> item : client.mget(m -> m.index(names.alias("tasks")).ids(wanted), Map.class).docs()) {
                if (item.isResult() && item.result().found()) {
                    result.put(item.result().id(), json.convertValue(item.result().source(), Task.class).stamped(null, item.result().seqNo()));
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code task} only if the stored document is still the one read as {@code read}, and
     * makes it searchable at once ({@code refresh=true}: task changes are rare, and waiting for the
     * next refresh cost every lifecycle step up to a second).
     */
    public Versioned replace(Versioned read, Task task) {
        try {
            IndexResponse r = client.index(i -> i.index(names.alias("tasks")).id(task.id()).document(doc(task))
                    .ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()).refresh(Refresh.True));
            return new Versioned(task.stamped(null, r.seqNo()), r.seqNo(), r.primaryTerm());
        } catch (ElasticsearchException | IOException e) {
            if (Conflicts.is(e)) {
                throw new VersionConflict();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (ElasticsearchException) e;
        }
    }

    /** Tasks the department leads or takes part in, newest first. */
    public List<Task> forDepartment(String department, TaskStatus status, int size) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (department != null) {
            bool.filter(SubjectQueries.terms("departments", List.of(department)));
        }
        if (status != null) {
            bool.filter(SubjectQueries.terms("status", List.of(status.name())));
        }
        try {
            return client.search(s -> s.index(names.alias("tasks")).size(size).seqNoPrimaryTerm(true).query(q -> q.bool(bool.build()))
                            .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                            .sort(o -> o.field(f -> f.field("id"))), Map.class)
                    .hits().hits().stream().map(h -> json.convertValue(h.source(), Task.class).stamped(null, h.seqNo())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page of a search: the rows, each with its sort values, and the number of matches. */
    public record Page<T>(List<Map.Entry<T, List<Object>>> rows, long total) {}

    /** {@link #forDepartment} a page at a time: after the sort values of the last row read. */
    public Page<Task> tasksPage(String department, TaskStatus status, int size, List<Object> after) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (department != null) {
            bool.filter(SubjectQueries.terms("departments", List.of(department)));
        }
        if (status != null) {
            bool.filter(SubjectQueries.terms("status", List.of(status.name())));
        }
        return page("tasks", bool, size, after, Task.class);
    }

    /** Plans, newest first, a page at a time. */
    public Page<Plan> plansPage(String department, Integer year, int size, List<Object> after) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (department != null) {
            bool.filter(SubjectQueries.terms("department", List.of(department)));
        }
        if (year != null) {
            bool.filter(q -> q.term(t -> t.field("year").value(year)));
        }
        return page("plans", bool, size, after, Plan.class);
    }

    private <T> Page<T> page(String index, BoolQuery.Builder bool, int size, List<Object> after, Class<T> type) {
        try {
            var response = client.search(s -> {
                s.index(names.alias(index)).size(size).trackTotalHits(t -> t.enabled(true)).seqNoPrimaryTerm(true)
                        .query(q -> q.bool(bool.build()))
                        .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("id")));
                if (after != null) {
                    s.searchAfter(after.stream().map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList());
                }
                return s;
            }, Map.class);
            List<Map.Entry<T, List<Object>>> rows = new java.util.ArrayList<>();
            for (var hit : response.hits().hits()) {
                T row = json.convertValue(hit.source(), type);
                if (row instanceof Task task) {
                    @SuppressWarnings("unchecked")
                    T stamped = (T) task.stamped(null, hit.seqNo());
                    row = stamped;
                }
                List<Object> sort = hit.sort().stream().map(v -> v.isNull() ? null : v._get()).toList();
                rows.add(Map.entry(row, sort));
            }
            return new Page<>(rows, response.hits().total() == null ? rows.size() : response.hits().total().value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void createPlan(Plan plan) {
        try {
            client.index(i -> i.index(names.alias("plans")).id(plan.id()).opType(co.elastic.clients.elasticsearch._types.OpType.Create)
                    .document(json.convertValue(plan, Map.class)).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Plan plan(String id) {
        try {
            GetResponse<Map> r = client.get(g -> g.index(names.alias("plans")).id(id), Map.class);
            return r.found() ? json.convertValue(r.source(), Plan.class) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Plan> plans(String department, Integer year) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (department != null) {
            bool.filter(SubjectQueries.terms("department", List.of(department)));
        }
        if (year != null) {
            bool.filter(q -> q.term(t -> t.field("year").value(year)));
        }
        try {
            return client.search(s -> s.index(names.alias("plans")).size(500).query(q -> q.bool(bool.build()))
                            .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc))), Map.class)
                    .hits().hits().stream().map(h -> json.convertValue(h.source(), Plan.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> doc(Task task) {
        Map<String, Object> doc = json.convertValue(task, Map.class);
        doc.remove("version");
        return doc;
    }
}
