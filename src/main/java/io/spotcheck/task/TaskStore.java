package io.spotcheck.task;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.persistence.VersionConflict;
import io.spotcheck.subject.SubjectQueries;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.elasticsearch.client.elc.NativeQuery;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.MultiGetItem;
import org.springframework.data.elasticsearch.core.RefreshPolicy;
import org.springframework.data.elasticsearch.core.SearchHit;
import org.springframework.data.elasticsearch.core.query.IndexQuery;
import org.springframework.data.elasticsearch.core.query.IndexQueryBuilder;
import org.springframework.data.elasticsearch.core.query.SeqNoPrimaryTerm;
import org.springframework.stereotype.Component;

/**
 * Plans and tasks on Spring Data Elasticsearch. Task writes are conditional on the sequence number
 * and primary term that were read, so of two concurrent changes exactly one lands; the other gets
 * {@link VersionConflict}.
 */
@Component
public class TaskStore {

    /** A task with the coordinates its next write must be conditional on. */
    public record Versioned(Task task, long seqNo, long primaryTerm) {}

    private final ElasticsearchOperations operations;
    /** Creates wait until searchable, so a list right after shows the new task. */
    private final ElasticsearchOperations waitFor;
    /** Task changes are rare, and waiting for the next refresh delayed every lifecycle step. */
    private final ElasticsearchOperations immediate;

    public TaskStore(ElasticsearchOperations operations) {
        this.operations = operations;
        this.waitFor = operations.withRefreshPolicy(RefreshPolicy.WAIT_UNTIL);
        this.immediate = operations.withRefreshPolicy(RefreshPolicy.IMMEDIATE);
    }

    /** Creates the task; {@link VersionConflict} if its id is taken. */
    public Versioned create(Task task) {
        TaskDocument doc = TaskDocument.of(task, null);
        IndexQuery query = new IndexQueryBuilder().withId(task.id()).withObject(doc).withOpType(IndexQuery.OpType.CREATE).build();
        BackendErrors.call("task " + task.id(), () -> waitFor.index(query, operations.getIndexCoordinatesFor(TaskDocument.class)));
        return ((TaskDocument) query.getObject()).versioned();
    }

    public Versioned get(String id) {
        TaskDocument doc = BackendErrors.call("task " + id, () -> operations.get(id, TaskDocument.class));
        return doc == null ? null : doc.versioned();
    }

    /** The index (alias) tasks are read from, for a multi-get that reads a task beside other documents. */
    public String index() {
        return operations.getIndexCoordinatesFor(TaskDocument.class).getIndexName();
    }

    /**
     * A task from a stored document read by someone else's request (a multi-get across indices),
     * mapped exactly as {@link #get} maps it.
     */
    public Versioned decode(String id, Map<String, Object> source, long seqNo, long primaryTerm) {
        org.springframework.data.elasticsearch.core.document.Document document =
                org.springframework.data.elasticsearch.core.document.Document.from(source);
        document.setId(id);
        document.setSeqNo(seqNo);
        document.setPrimaryTerm(primaryTerm);
        return operations.getElasticsearchConverter().read(TaskDocument.class, document).versioned();
    }

    public Map<String, Task> getAll(Collection<String> ids) {
        Map<String, Task> result = new LinkedHashMap<>();
        List<String> wanted = ids.stream().distinct().toList();
        if (wanted.isEmpty()) {
            return result;
        }
        List<MultiGetItem<TaskDocument>> items = BackendErrors.call("tasks",
                () -> operations.multiGet(NativeQuery.builder().withIds(wanted).build(), TaskDocument.class));
        for (MultiGetItem<TaskDocument> item : items) {
            if (item.hasItem()) {
                result.put(item.getItem().id, item.getItem().toTask());
            }
        }
        return result;
    }

    /**
     * Writes {@code task} only if the stored document is still the one read as {@code read}, and
     * makes it searchable at once; {@link VersionConflict} if it is not.
     */
    public Versioned replace(Versioned read, Task task) {
        TaskDocument doc = TaskDocument.of(task, new SeqNoPrimaryTerm(read.seqNo(), read.primaryTerm()));
        return BackendErrors.call("task " + task.id(), () -> immediate.save(doc)).versioned();
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
        NativeQuery query = NativeQuery.builder().withQuery(q -> q.bool(bool.build())).withMaxResults(size)
                .withSort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                .withSort(o -> o.field(f -> f.field("id")))
                .build();
        return BackendErrors.call("tasks", () -> operations.search(query, TaskDocument.class))
                .stream().map(SearchHit::getContent).map(TaskDocument::toTask).toList();
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
        return page(bool, size, after, TaskDocument.class, TaskDocument::toTask);
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
        return page(bool, size, after, PlanDocument.class, PlanDocument::toPlan);
    }

    private <D, T> Page<T> page(BoolQuery.Builder bool, int size, List<Object> after, Class<D> document,
                                java.util.function.Function<D, T> toRow) {
        var builder = NativeQuery.builder().withQuery(q -> q.bool(bool.build())).withMaxResults(size).withTrackTotalHits(true)
                .withSort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                .withSort(o -> o.field(f -> f.field("id")));
        if (after != null) {
            builder.withSearchAfter(after);
        }
        NativeQuery query = builder.build();
        var hits = BackendErrors.call(document.getSimpleName(), () -> operations.search(query, document));
        List<Map.Entry<T, List<Object>>> rows = new java.util.ArrayList<>();
        for (SearchHit<D> hit : hits) {
            rows.add(Map.entry(toRow.apply(hit.getContent()), hit.getSortValues()));
        }
        return new Page<>(rows, hits.getTotalHits());
    }

    public void createPlan(Plan plan) {
        IndexQuery query = new IndexQueryBuilder().withId(plan.id()).withObject(PlanDocument.of(plan)).withOpType(IndexQuery.OpType.CREATE).build();
        BackendErrors.call("plan " + plan.id(), () -> waitFor.index(query, operations.getIndexCoordinatesFor(PlanDocument.class)));
    }

    public Plan plan(String id) {
        PlanDocument doc = BackendErrors.call("plan " + id, () -> operations.get(id, PlanDocument.class));
        return doc == null ? null : doc.toPlan();
    }

    public List<Plan> plans(String department, Integer year) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (department != null) {
            bool.filter(SubjectQueries.terms("department", List.of(department)));
        }
        if (year != null) {
            bool.filter(q -> q.term(t -> t.field("year").value(year)));
        }
        NativeQuery query = NativeQuery.builder().withQuery(q -> q.bool(bool.build())).withMaxResults(500)
                .withSort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                .build();
        return BackendErrors.call("plans", () -> operations.search(query, PlanDocument.class))
                .stream().map(SearchHit::getContent).map(PlanDocument::toPlan).toList();
    }
}
