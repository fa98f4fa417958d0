package io.spotcheck.relocation;

import io.spotcheck.persistence.BackendErrors;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Every Elasticsearch request of the relocation queue (index {@code relocations}). */
@Component
public class RelocationStore {

    /** A stored document with the coordinates its next write is conditional on. */
    public record Versioned(Relocation relocation, long seqNo, long primaryTerm) {}

    /** One page of the queue: hits with their sort values, and the total. */
    public record Page(List<Hit<Relocation>> hits, long total) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public RelocationStore(ElasticsearchClient client, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.names = names;
        this.json = json;
    }

    private String index() {
        return names.alias("relocations");
    }

    public Versioned get(String id) {
        try {
            GetResponse<Relocation> r = client.get(g -> g.index(index()).id(id), Relocation.class);
            return r.found() ? new Versioned(r.source(), r.seqNo(), r.primaryTerm()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the document once; false when one with its id exists. */
    public boolean create(Relocation doc) {
        return write(doc, null);
    }

    /** Replaces {@code read} with {@code next}; false when someone else wrote it since. */
    public boolean replace(Versioned read, Relocation next) {
        return write(next, read);
    }

    private boolean write(Relocation doc, Versioned read) {
        Map<String, Object> source = json.convertValue(doc, Map.class);
        source.values().removeIf(Objects::isNull);
        try {
            client.index(i -> {
                i.index(index()).id(doc.id()).document(source).refresh(Refresh.WaitFor);
                if (read == null) {
                    i.opType(OpType.Create);
                } else {
                    i.ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm());
                }
                return i;
            });
            return true;
        } catch (ElasticsearchException e) {
            if (BackendErrors.isConflict(e)) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String id) {
        try {
            client.delete(d -> d.index(index()).id(id).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The findings of one subject in one task, every status, by id (at most one per department). */
    public List<Versioned> findings(String taskId, String subjectCode) {
        try {
            SearchResponse<Relocation> r = client.search(s -> s.index(index()).size(100).seqNoPrimaryTerm(true)
                    .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("type").value(Relocation.FINDING)))
                            .filter(f -> f.term(t -> t.field("taskId").value(taskId)))
                            .filter(f -> f.term(t -> t.field("subjectCode").value(subjectCode)))))
                    .sort(o -> o.field(f -> f.field("id"))), Relocation.class);
            List<Versioned> result = new ArrayList<>();
            for (Hit<Relocation> h : r.hits().hits()) {
                result.add(new Versioned(h.source(), h.seqNo(), h.primaryTerm()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Findings visible to {@code department} (the lead of their task, or the department that found
     * them; null: all), optionally of one task and status, oldest finding first.
     */
    public Page queue(String department, String taskId, String status, int size, List<FieldValue> after) {
        BoolQuery.Builder bool = new BoolQuery.Builder().filter(f -> f.term(t -> t.field("type").value(Relocation.FINDING)));
        if (department != null) {
            bool.filter(f -> f.bool(b -> b.should(s -> s.term(t -> t.field("leadDepartment").value(department)))
                    .should(s -> s.term(t -> t.field("department").value(department))).minimumShouldMatch("1")));
        }
        if (taskId != null) {
            bool.filter(f -> f.term(t -> t.field("taskId").value(taskId)));
        }
        if (status != null) {
            bool.filter(f -> f.term(t -> t.field("status").value(status)));
        }
        Query query = Query.of(q -> q.bool(bool.build()));
        try {
            SearchResponse<Relocation> r = client.search(s -> {
                s.index(index()).query(query).size(size).trackTotalHits(t -> t.enabled(true))
                        .sort(o -> o.field(f -> f.field("foundAt").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                if (after != null) {
                    s.searchAfter(after);
                }
                return s;
            }, Relocation.class);
            return new Page(r.hits().hits(), r.hits().total() == null ? r.hits().hits().size() : r.hits().total().value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fingerprint of what defines the queue's order, for its cursors. */
    public static String fingerprint(String department, String taskId, String status) {
        return io.spotcheck.api.CursorCodec.fingerprint("relocations", department, taskId, status);
    }
}
