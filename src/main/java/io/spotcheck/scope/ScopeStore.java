package io.spotcheck.scope;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.draw.DrawMember;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Component;

/** Every Elasticsearch request of scopes: definitions, the subject walk, members and snapshots. */
@Component
public class ScopeStore {

    /** The only subject fields a scope needs; the walk never loads whole subjects. */
    static final List<String> MEMBER_FIELDS = List.of("code", "regionCode", "risk.comprehensive", "status", "kind");

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public ScopeStore(ElasticsearchClient client, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.names = names;
        this.json = json;
    }

    public void create(Scope scope) {
        try {
            client.index(i -> i.index(names.alias("scopes")).id(scope.id()).opType(co.elastic.clients.elasticsearch._types.OpType.Create)
                    .document(json.convertValue(scope, Map.class)).refresh(Refresh.True));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Scope get(String id) {
        try {
            GetResponse<Map> r = client.get(g -> g.index(names.alias("scopes")).id(id), Map.class);
            return r.found() ? json.convertValue(r.source(), Scope.class) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Merges {@code fields} into the scope document, searchable when this returns: {@code refresh=true}
     * on this small index instead of waiting up to a refresh interval (it cost every scope a second at freezing).
     */
    public void update(String id, Map<String, Object> fields) {
        try {
            client.update(u -> u.index(names.alias("scopes")).id(id).doc(fields).refresh(Refresh.True), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scopes whose job has not finished: resumed at start-up. */
    public List<Scope> unfinished() {
        try {
            return client.search(s -> s.index(names.alias("scopes")).size(1000)
                            .query(q -> q.term(t -> t.field("status").value("BUILDING"))), Map.class)
                    .hits().hits().stream().map(h -> json.convertValue(h.source(), Scope.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Scope> forDepartment(String department) {
        try {
            return client.search(s -> s.index(names.alias("scopes")).size(200)
                            .query(q -> q.term(t -> t.field("department").value(department)))
                            .sort(o -> o.field(f -> f.field("createdAt").order(co.elastic.clients.elasticsearch._types.SortOrder.Desc))), Map.class)
                    .hits().hits().stream().map(h -> json.convertValue(h.source(), Scope.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the subject walk ----

    public String openSubjectsPit() {
        try {
            return client.openPointInTime(p -> p.index(names.alias("subjects")).keepAlive(Time.of(t -> t.time("5m")))).id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void closePit(String pit) {
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (IOException | RuntimeException e) {
            // An expired point in time is gone anyway.
        }
    }

    /** One chunk of subjects past the checkpoint, ascending by code. */
    public record Chunk(List<DrawMember> members, List<FieldValue> lastSort, String pit) {}

    public Chunk subjectChunk(String pit, Query filter, String afterCode, List<FieldValue> searchAfter, int size) {
        Query query = afterCode == null ? filter
                : Query.of(q -> q.bool(b -> b.filter(filter).filter(f -> f.range(r -> r.term(t -> t.field("code").gt(afterCode))))));
        try {
            SearchResponse<JsonNode> r = client.search(s -> {
                s.pit(p -> p.id(pit).keepAlive(Time.of(t -> t.time("5m")))).size(size).query(query)
                        .source(src -> src.filter(f -> f.includes(MEMBER_FIELDS)))
                        .sort(o -> o.field(f -> f.field("code"))).trackTotalHits(t -> t.enabled(false));
                if (searchAfter != null) {
                    s.searchAfter(searchAfter);
                }
                return s;
            }, JsonNode.class);
            List<DrawMember> members = new ArrayList<>();
            List<FieldValue> last = null;
            for (Hit<JsonNode> hit : r.hits().hits()) {
                members.add(member(hit.source()));
                last = hit.sort();
            }
            return new Chunk(members, last, r.pitId() == null ? pit : r.pitId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long countSubjects(Query filter) {
        try {
            return client.count(c -> c.index(names.alias("subjects")).query(filter)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Subjects by code (imported lists): found members by code; missing codes absent. */
    public Map<String, DrawMember> subjectsByCode(List<String> codes) {
        Map<String, DrawMember> found = new LinkedHashMap<>();
        if (codes.isEmpty()) {
            return found;
        }
        try {
            for (MultiGetResponseItem<JsonNode> item : client.mget(m -> m.index(names.alias("subjects")).ids(codes)
                    .sourceIncludes(MEMBER_FIELDS), JsonNode.class).docs()) {
                if (item.isResult() && item.result().found()) {
                    found.put(item.result().id(), member(item.result().source()));
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DrawMember member(JsonNode source) {
        return new DrawMember(source.path("code").asText(), source.path("risk").path("comprehensive").asText(null),
                source.path("regionCode").asText(null), source.path("status").asText(null), source.path("kind").asText(null));
    }

    // ---- members ----

    /** Writes members under {@code scopeId:code}: writing the same chunk twice changes nothing. */
    public void writeMembers(String scopeId, List<DrawMember> members) {
        if (members.isEmpty()) {
            return;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (DrawMember m : members) {
            Map<String, Object> doc = Map.of("scopeId", scopeId, "code", m.code(), "stratum", m.stratum(), "region", m.region(),
                    "status", m.status(), "kind", m.kind());
            bulk.operations(op -> op.index(i -> i.index(names.alias("scope_members")).id(scopeId + ":" + m.code()).document(doc)));
        }
        try {
            BulkResponse r = client.bulk(bulk.build());
            if (r.errors()) {
                throw new IllegalStateException("bulk write of scope members failed: " + r.items().stream()
                        .filter(i -> i.error() != null).findFirst().map(i -> i.error().reason()).orElse("?"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void refreshMembers() {
        try {
            client.indices().refresh(r -> r.index(names.alias("scope_members")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long countMembers(String scopeId) {
        try {
            return client.count(c -> c.index(names.alias("scope_members")).query(q -> q.term(t -> t.field("scopeId").value(scopeId)))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All members of a scope ascending by code, one point in time, {@code pageSize} at a time. */
    public Iterator<DrawMember> members(String scopeId, int pageSize) {
        return new Iterator<>() {
            final String pit;
            List<FieldValue> after;
            Iterator<DrawMember> page = List.<DrawMember>of().iterator();
            boolean exhausted;

            {
                try {
                    pit = client.openPointInTime(p -> p.index(names.alias("scope_members")).keepAlive(Time.of(t -> t.time("5m")))).id();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !exhausted) {
                    fetch();
                }
                return page.hasNext();
            }

            @Override
            public DrawMember next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }

            private void fetch() {
                try {
                    SearchResponse<JsonNode> r = client.search(s -> {
                        s.pit(p -> p.id(pit).keepAlive(Time.of(t -> t.time("5m")))).size(pageSize)
                                .query(q -> q.term(t -> t.field("scopeId").value(scopeId)))
                                .sort(o -> o.field(f -> f.field("code"))).trackTotalHits(t -> t.enabled(false));
                        if (after != null) {
                            s.searchAfter(after);
                        }
                        return s;
                    }, JsonNode.class);
                    List<DrawMember> members = new ArrayList<>();
                    for (Hit<JsonNode> hit : r.hits().hits()) {
                        JsonNode m = hit.source();
                        members.add(new DrawMember(m.path("code").asText(), m.path("stratum").asText(), m.path("region").asText(),
                                m.path("status").asText(), m.path("kind").asText()));
                        after = hit.sort();
                    }
                    page = members.iterator();
                    if (members.size() < pageSize) {
                        exhausted = true;
                        closePit(pit);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    // ---- snapshots ----

    public void writeSnapshotChunk(String scopeId, int chunk, List<DrawMember> members) {
        StringBuilder lines = new StringBuilder();
        for (DrawMember m : members) {
            if (!lines.isEmpty()) {
                lines.append('\n');
            }
            lines.append(m.toLine());
        }
        Map<String, Object> doc = Map.of("scopeId", scopeId, "chunk", chunk, "count", members.size(),
                "firstCode", members.get(0).code(), "lastCode", members.get(members.size() - 1).code(), "lines", lines.toString());
        try {
            client.index(i -> i.index(names.alias("scope_snapshots")).id(scopeId + ":" + chunk).document(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes chunks numbered {@code from} up to {@code toExclusive} left by an earlier, larger freeze. */
    public void deleteSnapshotChunks(String scopeId, int from, int toExclusive) {
        if (from >= toExclusive) {
            return;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (int c = from; c < toExclusive; c++) {
            String id = scopeId + ":" + c;
            bulk.operations(op -> op.delete(d -> d.index(names.alias("scope_snapshots")).id(id)));
        }
        try {
            client.bulk(bulk.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The frozen snapshot, chunk by chunk in order: each get reads one document of up to 10,000
     * lines, so a draw over 10^6 members reads ~100 documents. Iterable again for each pass.
     */
    public Iterable<DrawMember> snapshot(String scopeId, int chunkCount) {
        return () -> new Iterator<>() {
            int next;
            Iterator<String> lines = List.<String>of().iterator();

            @Override
            public boolean hasNext() {
                while (!lines.hasNext() && next < chunkCount) {
                    lines = readChunk(scopeId, next++).iterator();
                }
                return lines.hasNext();
            }

            @Override
            public DrawMember next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return DrawMember.parse(lines.next());
            }
        };
    }

    private List<String> readChunk(String scopeId, int chunk) {
        try {
            GetResponse<JsonNode> r = client.get(g -> g.index(names.alias("scope_snapshots")).id(scopeId + ":" + chunk), JsonNode.class);
            if (!r.found()) {
                throw new IllegalStateException("snapshot chunk " + chunk + " of scope " + scopeId + " is missing");
            }
            String text = r.source().path("lines").asText();
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
