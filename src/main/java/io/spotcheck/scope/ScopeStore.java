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
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectQueries;
import io.spotcheck.subject.SubjectWalk;
import java.io.IOException;
import jakarta.annotation.PreDestroy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Component;

/**
 * Every Elasticsearch request of scopes: definitions, members and snapshots. The subjects a scope
 * takes are read through the subject directory's {@link SubjectWalk}, which loads only the fields a
 * member needs, never whole subjects.
 */
@Component
public class ScopeStore {

    private final ElasticsearchClient client;
    private final RestClient rest;
    private final IndexNames names;
    private final ObjectMapper json;
    private final SubjectWalk subjects;
    /** Batches of snapshot chunks read ahead per iterator; with two reader threads two fetches run at once. */
    static final int LOOKAHEAD = 3;
    /** Snapshot chunks per {@code _mget} of a draw's read. */
    static final int BATCH = 4;
    private final ExecutorService readers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "snapshot-reader");
        t.setDaemon(true);
        return t;
    });

    public ScopeStore(ElasticsearchClient client, RestClient rest, IndexNames names, ObjectMapper json, SubjectWalk subjects) {
        this.client = client;
        this.rest = rest;
        this.names = names;
        this.json = json;
        this.subjects = subjects;
    }

    /** Writes a new scope; false when one with its id exists already (another caller created it first). */
    public boolean create(Scope scope) {
        try {
            client.index(i -> i.index(names.alias("scopes")).id(scope.id()).opType(co.elastic.clients.elasticsearch._types.OpType.Create)
                    .document(json.convertValue(scope, Map.class)).refresh(Refresh.True));
            return true;
        } catch (RuntimeException | IOException e) {
            if (BackendErrors.isConflict(e)) {
                return false;
            }
            throw BackendErrors.translate(e);
        }
    }

    /** Writes the whole scope document over the stored one. */
    public void replace(Scope scope) {
        try {
            client.index(i -> i.index(names.alias("scopes")).id(scope.id()).document(json.convertValue(scope, Map.class)).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public Scope get(String id) {
        try {
            GetResponse<Map> r = client.get(g -> g.index(names.alias("scopes")).id(id), Map.class);
            return r.found() ? json.convertValue(r.source(), Scope.class) : null;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
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
            throw BackendErrors.translate(e);
        }
    }

    /** Scopes whose job has not finished: resumed at start-up. */
    public List<Scope> unfinished() {
        try {
            return client.search(s -> s.index(names.alias("scopes")).size(1000)
                            .query(q -> q.term(t -> t.field("status").value("BUILDING"))), Map.class)
                    .hits().hits().stream().map(h -> json.convertValue(h.source(), Scope.class)).toList();
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public List<Scope> forDepartment(String department) {
        try {
            return client.search(s -> s.index(names.alias("scopes")).size(200)
                            .query(q -> q.term(t -> t.field("department").value(department)))
                            .sort(o -> o.field(f -> f.field("createdAt").order(co.elastic.clients.elasticsearch._types.SortOrder.Desc))), Map.class)
                    .hits().hits().stream().map(h -> json.convertValue(h.source(), Scope.class)).toList();
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** A page of a department's scopes, newest first, after the sort values of the last one read; with the number of them. */
    public record Page(List<Map.Entry<Scope, List<Object>>> rows, long total) {}

    public Page forDepartment(String department, int size, List<Object> after) {
        try {
            var response = client.search(s -> {
                s.index(names.alias("scopes")).size(size).trackTotalHits(t -> t.enabled(true))
                        .query(q -> q.term(t -> t.field("department").value(department)))
                        .sort(o -> o.field(f -> f.field("createdAt").order(co.elastic.clients.elasticsearch._types.SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("id")));
                if (after != null) {
                    s.searchAfter(after.stream().map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList());
                }
                return s;
            }, Map.class);
            List<Map.Entry<Scope, List<Object>>> rows = new java.util.ArrayList<>();
            for (var hit : response.hits().hits()) {
                rows.add(Map.entry(json.convertValue(hit.source(), Scope.class), hit.sort().stream().map(v -> v.isNull() ? null : v._get()).toList()));
            }
            return new Page(rows, response.hits().total() == null ? rows.size() : response.hits().total().value());
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    // ---- the subject walk (the subject directory's SubjectWalk) ----

    public String openSubjectsPit() {
        return subjects.openPit();
    }

    public void closePit(String pit) {
        subjects.closePit(pit);
    }

    /** One chunk of subjects past the checkpoint, ascending by code. */
    public record Chunk(List<DrawMember> members, List<FieldValue> lastSort, String pit) {}

    /** One chunk of subjects past the checkpoint, ascending by public key (keyword order is UTF-8 byte order). */
    public Chunk subjectChunk(String pit, Query filter, String afterCode, List<FieldValue> searchAfter, int size) {
        return subjectChunk(pit, filter, afterCode, searchAfter, size, 0, 1);
    }

    /** As {@link #subjectChunk(String, Query, String, List, int)} within slice {@code slice} of {@code slices} of the point in time. */
    public Chunk subjectChunk(String pit, Query filter, String afterCode, List<FieldValue> searchAfter, int size, int slice, int slices) {
        SubjectWalk.Chunk chunk = subjects.chunk(pit, filter, afterCode, searchAfter, size, slice, slices);
        List<DrawMember> members = new ArrayList<>(chunk.members().size());
        chunk.members().forEach(m -> members.add(member(m)));
        return new Chunk(members, chunk.lastSort(), chunk.pit());
    }

    /** One request through the low-level client; the answer parsed as a tree. */
    private JsonNode lowLevel(String method, String path, String filterPath, String body, String contentType) {
        Request request = new Request(method, path);
        if (filterPath != null) {
            request.addParameter("filter_path", filterPath);
        }
        if (body != null) {
            request.setEntity(new NStringEntity(body, ContentType.create(contentType, StandardCharsets.UTF_8)));
        }
        try {
            Response response = rest.performRequest(request);
            try (InputStream in = response.getEntity().getContent()) {
                return json.readTree(in);
            }
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public long countSubjects(Query filter) {
        return subjects.count(filter);
    }

    /** Subjects by code (imported lists): found members by code; missing codes absent. */
    public Map<String, DrawMember> subjectsByCode(List<String> codes) {
        Map<String, DrawMember> found = new LinkedHashMap<>();
        subjects.byCode(codes).forEach((code, m) -> found.put(code, member(m)));
        return found;
    }

    /** A subject as a snapshot member: named by its public key, with its code behind it where they differ (persons). */
    private static DrawMember member(SubjectWalk.Member subject) {
        String code = subject.code();
        String key = subject.publicKey();
        if (key == null || key.isEmpty()) {
            if ("NATURAL_PERSON".equals(subject.kind())) {
                throw new IllegalStateException("a natural person of the directory has no public member key yet; the key backfill gives it one");
            }
            key = code;
        }
        return new DrawMember(key, subject.risk(), subject.regionCode(), subject.status(), subject.kind(), key.equals(code) ? null : code);
    }

    // ---- members ----

    /** Writes members under {@code scopeId:code}: writing the same chunk twice changes nothing. */
    public void writeMembers(String scopeId, List<DrawMember> members) {
        if (members.isEmpty()) {
            return;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (DrawMember m : members) {
            Map<String, Object> doc = memberDocument(scopeId, m);
            bulk.operations(op -> op.index(i -> i.index(names.alias("scope_members")).id(scopeId + ":" + m.subjectCode()).document(doc)));
        }
        try {
            BulkResponse r = client.bulk(bulk.build());
            if (r.errors()) {
                throw new IllegalStateException("bulk write of scope members failed: " + r.items().stream()
                        .filter(i -> i.error() != null).findFirst().map(i -> i.error().reason()).orElse("?"));
            }
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /**
     * One bulk request for a chunk of the walk: its members under {@code scopeId:code} and the same
     * members as snapshot chunk {@code chunk}, stamped with the walk that wrote it. Rewriting a chunk
     * (a replay after a crash) overwrites both with what the walk sees now.
     */
    public void writeWalkChunk(String scopeId, int chunk, String walk, List<DrawMember> members) {
        String membersIndex = names.alias("scope_members");
        StringBuilder ndjson = new StringBuilder(members.size() * 180 + 64 * 1024);
        try {
            for (DrawMember m : members) {
                Map<String, Object> doc = memberDocument(scopeId, m);
                ndjson.append(json.writeValueAsString(Map.of("index", Map.of("_index", membersIndex, "_id", scopeId + ":" + m.subjectCode()))))
                        .append('\n').append(json.writeValueAsString(doc)).append('\n');
            }
            Map<String, Object> snapshot = snapshotDocument(scopeId, chunk, members);
            snapshot.put("walk", walk);
            ndjson.append(json.writeValueAsString(Map.of("index", Map.of("_index", names.alias("scope_snapshots"), "_id", scopeId + ":" + chunk))))
                    .append('\n').append(json.writeValueAsString(snapshot)).append('\n');
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
        // Only the errors come back: a bulk answer of 5,000 typed items costs more to read than to index.
        JsonNode r = lowLevel("POST", "/_bulk", "errors,items.*.error", ndjson.toString(), "application/x-ndjson");
        if (r.path("errors").asBoolean()) {
            String reason = "?";
            for (JsonNode item : r.path("items")) {
                for (JsonNode op : item) {
                    if (op.has("error")) {
                        reason = op.path("error").path("reason").asText(op.path("error").toString());
                        break;
                    }
                }
            }
            throw new IllegalStateException("bulk write of scope chunk " + chunk + " failed: " + reason);
        }
    }

    private static Map<String, Object> memberDocument(String scopeId, DrawMember m) {
        return Map.of("scopeId", scopeId, "code", m.subjectCode(), "key", m.code(), "stratum", m.stratum(), "region", m.region(),
                "status", m.status(), "kind", m.kind());
    }

    /** A snapshot chunk as stored: the walk that wrote it (null for imported scopes) and its members. */
    public record SnapshotChunk(int chunk, String walk, List<DrawMember> members) {}

    /**
     * Snapshot chunks {@code from} up to {@code toExclusive}, in order, from one {@code _mget}; a missing
     * chunk is null in its place. No {@code filter_path}: it makes Elasticsearch parse and re-serialise
     * the answer. The answer is walked from its bytes ({@link SnapshotAnswer}): each chunk's lines are
     * parsed from them where they are plain ({@link DrawMember#parseAllJsonString}), else decoded as JSON first.
     */
    public List<SnapshotChunk> snapshotChunks(String scopeId, int from, int toExclusive) {
        return snapshotChunks(scopeId, from, toExclusive, null);
    }

    /**
     * As {@link #snapshotChunks(String, int, int)}; with {@code buffer} the answer is received into
     * {@code buffer[1]} ({@link ReusingConsumer}) and read into {@code buffer[0]} where they fit (else
     * new arrays kept there), which the caller may use again once this returns — the members are
     * parsed into strings of their own. A draw reads megabytes of answers per second, and
     * a fresh array per answer, copied twice on the way in, was as much garbage as the members themselves.
     */
    private List<SnapshotChunk> snapshotChunks(String scopeId, int from, int toExclusive, byte[][] buffer) {
        List<String> ids = new ArrayList<>();
        for (int c = from; c < toExclusive; c++) {
            ids.add(scopeId + ":" + c);
        }
        List<SnapshotChunk> chunks = new ArrayList<>();
        if (ids.isEmpty()) {
            return chunks;
        }
        try {
            Request request = new Request("POST", "/" + names.alias("scope_snapshots") + "/_mget");
            request.setEntity(new NStringEntity(json.writeValueAsString(Map.of("ids", ids)), ContentType.APPLICATION_JSON));
            if (buffer != null) {
                request.setOptions(org.elasticsearch.client.RequestOptions.DEFAULT.toBuilder()
                        .setHttpAsyncResponseConsumerFactory(() -> new ReusingConsumer(buffer)));
            }
            org.apache.http.HttpEntity entity = rest.performRequest(request).getEntity();
            byte[] body;
            int length;
            if (buffer == null) {
                body = org.apache.http.util.EntityUtils.toByteArray(entity);
                length = body.length;
            } else {
                try (InputStream in = entity.getContent()) {
                    length = readInto(in, entity.getContentLength(), buffer);
                    body = buffer[0];
                }
            }
            chunks = SnapshotAnswer.read(json.getFactory(), body, length, from, buffer == null ? new DrawMember.Tails() : readTails.get());
            if (chunks == null) {
                throw new IllegalStateException("snapshot chunks " + from + "–" + (toExclusive - 1) + " of scope " + scopeId
                        + ": Elasticsearch's answer could not be read");
            }
            if (chunks.size() != ids.size()) {
                throw new IllegalStateException("snapshot chunks " + from + "–" + (toExclusive - 1) + " of scope " + scopeId
                        + " came back incomplete");
            }
            return chunks;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /**
     * Receives an answer into {@code buffer[1]}, the array the reader thread received its last one
     * into, where it fits (at most {@link #READ_BUFFER_MAX}); the client would otherwise allocate an
     * array of the answer's size for every answer. Only the first buffer of an answer is the kept one:
     * a buffer that has to grow is copied into a new one meanwhile.
     */
    static final class ReusingConsumer extends org.elasticsearch.client.HeapBufferedAsyncResponseConsumer {
        private final byte[][] buffer;
        private boolean handedOut;

        ReusingConsumer(byte[][] buffer) {
            super(100 * 1024 * 1024);
            this.buffer = buffer;
        }

        @Override
        protected org.apache.http.nio.util.ByteBufferAllocator getByteBufferAllocator() {
            return capacity -> {
                if (handedOut || capacity > READ_BUFFER_MAX) {
                    return java.nio.ByteBuffer.allocate(capacity);
                }
                handedOut = true;
                if (buffer[1] == null || buffer[1].length < capacity) {
                    buffer[1] = new byte[capacity];
                }
                return java.nio.ByteBuffer.wrap(buffer[1]);
            };
        }
    }

    /** The largest answer buffer a reader thread keeps for its next read. */
    static final int READ_BUFFER_MAX = 4 * 1024 * 1024;

    /**
     * Reads a whole answer into {@code buffer[0]}, replaced by a larger array when it does not fit;
     * answers the number of bytes read.
     */
    static int readInto(InputStream in, long contentLength, byte[][] buffer) throws IOException {
        byte[] bytes = buffer[0];
        int wanted = contentLength >= 0 && contentLength <= READ_BUFFER_MAX ? (int) contentLength : 64 * 1024;
        if (bytes == null || bytes.length < wanted) {
            bytes = new byte[Math.max(wanted, 1_024)];
        }
        int n = 0;
        while (true) {
            if (n == bytes.length) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
                bytes[n++] = (byte) next;
            }
            int read = in.read(bytes, n, bytes.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        buffer[0] = bytes;
        return n;
    }

    /**
     * The stored text ({@code lines}: public lines joined by LF, no trailing LF) of chunks {@code from}
     * up to {@code toExclusive}, in order; a missing chunk is null. Only the public lines are read,
     * never the persons' codes kept beside them.
     */
    public List<String> snapshotText(String scopeId, int from, int toExclusive) {
        List<String> ids = new ArrayList<>();
        for (int c = from; c < toExclusive; c++) {
            ids.add(scopeId + ":" + c);
        }
        List<String> texts = new ArrayList<>();
        if (ids.isEmpty()) {
            return texts;
        }
        try {
            Request request = new Request("POST", "/" + names.alias("scope_snapshots") + "/_mget");
            request.addParameter("_source_includes", "lines");
            request.setEntity(new NStringEntity(json.writeValueAsString(Map.of("ids", ids)), ContentType.APPLICATION_JSON));
            try (InputStream in = rest.performRequest(request).getEntity().getContent()) {
                for (JsonNode doc : json.readTree(in).path("docs")) {
                    texts.add(doc.path("found").asBoolean() ? doc.path("_source").path("lines").asText("") : null);
                }
            }
            return texts;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /**
     * The chunk's members with the subject codes behind the persons' keys ({@code persons}: lines
     * {@code key TAB code}). Kept beside the public lines, never in them: the server needs the codes
     * to group and exclude, the public only ever gets the lines.
     */
    static List<DrawMember> withPersons(List<DrawMember> members, String persons) {
        if (persons == null || persons.isEmpty()) {
            return members;
        }
        // The persons' lines are written in the members' order (snapshotDocument): both are walked
        // together, so no member's code is hashed; lines in another order are looked up by key.
        List<DrawMember> out = new ArrayList<>(members);
        int next = 0;
        int at = 0;
        while (at < persons.length()) {
            int end = persons.indexOf('\n', at);
            if (end < 0) {
                end = persons.length();
            }
            int tab = persons.indexOf('\t', at);
            if (tab > at && tab < end) {
                String key = persons.substring(at, tab);
                while (next < out.size() && !out.get(next).code().equals(key)) {
                    next++;
                }
                if (next == out.size()) {
                    return withPersonsByKey(members, persons);
                }
                out.set(next, out.get(next).withSubject(persons.substring(tab + 1, end)));
                next++;
            }
            at = end + 1;
        }
        return out;
    }

    /** As {@link #withPersons}, the persons' lines in any order. */
    private static List<DrawMember> withPersonsByKey(List<DrawMember> members, String persons) {
        Map<String, String> codes = new java.util.HashMap<>();
        for (String line : persons.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                codes.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        List<DrawMember> out = new ArrayList<>(members.size());
        for (DrawMember m : members) {
            String code = codes.get(m.code());
            out.add(code == null ? m : m.withSubject(code));
        }
        return out;
    }

    /** Removes every chunk numbered {@code from} or higher, e.g. left by an earlier walk over more subjects. */
    public void deleteSnapshotChunksFrom(String scopeId, int from) {
        try {
            SearchResponse<Void> r = client.search(s -> s.index(names.alias("scope_snapshots")).size(10_000).source(src -> src.fetch(false))
                    .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("scopeId").value(scopeId)))
                            .filter(f -> f.range(g -> g.number(n -> n.field("chunk").gte((double) from)))))), Void.class);
            if (r.hits().hits().isEmpty()) {
                return;
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            r.hits().hits().forEach(h -> bulk.operations(op -> op.delete(d -> d.index(names.alias("scope_snapshots")).id(h.id()))));
            client.bulk(bulk.build());
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public void refreshSnapshots() {
        try {
            client.indices().refresh(r -> r.index(names.alias("scope_snapshots")));
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public void refreshMembers() {
        try {
            client.indices().refresh(r -> r.index(names.alias("scope_members")));
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public long countMembers(String scopeId) {
        try {
            return client.count(c -> c.index(names.alias("scope_members")).query(q -> q.term(t -> t.field("scopeId").value(scopeId)))).count();
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** All members of a scope ascending by key (UTF-8 byte order), one point in time, {@code pageSize} at a time. */
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
                    throw BackendErrors.translate(e);
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
                                .sort(o -> o.field(f -> f.field("key"))).trackTotalHits(t -> t.enabled(false));
                        if (after != null) {
                            s.searchAfter(after);
                        }
                        return s;
                    }, JsonNode.class);
                    List<DrawMember> members = new ArrayList<>();
                    for (Hit<JsonNode> hit : r.hits().hits()) {
                        JsonNode m = hit.source();
                        String code = m.path("code").asText();
                        String key = m.path("key").asText(code);
                        members.add(new DrawMember(key, m.path("stratum").asText(), m.path("region").asText(),
                                m.path("status").asText(), m.path("kind").asText(), key.equals(code) ? null : code));
                        after = hit.sort();
                    }
                    page = members.iterator();
                    if (members.size() < pageSize) {
                        exhausted = true;
                        closePit(pit);
                    }
                } catch (IOException e) {
                    throw BackendErrors.translate(e);
                }
            }
        };
    }

    // ---- snapshots ----

    public void writeSnapshotChunk(String scopeId, int chunk, List<DrawMember> members) {
        Map<String, Object> doc = snapshotDocument(scopeId, chunk, members);
        try {
            client.index(i -> i.index(names.alias("scope_snapshots")).id(scopeId + ":" + chunk).document(doc));
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    private static Map<String, Object> snapshotDocument(String scopeId, int chunk, List<DrawMember> members) {
        StringBuilder lines = new StringBuilder(members.size() * 48);
        StringBuilder persons = new StringBuilder();
        for (DrawMember m : members) {
            if (!lines.isEmpty()) {
                lines.append('\n');
            }
            lines.append(m.toLine());
            if (m.subject() != null && !m.subject().equals(m.code())) {
                persons.append(m.code()).append('\t').append(m.subject()).append('\n');
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scopeId", scopeId);
        doc.put("chunk", chunk);
        doc.put("count", members.size());
        doc.put("firstCode", members.isEmpty() ? null : members.get(0).code());
        doc.put("lastCode", members.isEmpty() ? null : members.get(members.size() - 1).code());
        doc.put("lines", lines.toString());
        if (!persons.isEmpty()) {
            doc.put("persons", persons.toString());
        }
        return doc;
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
            throw BackendErrors.translate(e);
        }
    }

    /**
     * The frozen snapshot, chunk by chunk in order, read {@link #BATCH} chunks per {@code _mget}:
     * Elasticsearch's cost is mostly per request rather than per chunk, so fetching several chunks per
     * request cuts what a large snapshot costs it to read. Iterable again
     * for each pass. Up to {@link #LOOKAHEAD} batches are fetched and parsed ahead on the reader
     * threads, so reading overlaps with the caller's work on the batch before (a draw's ranking).
     * {@link Chunked#chunks()} gives the same members as the lists they are read in, so a caller that
     * works on lists (a draw's lanes) takes them as they come instead of gathering them again.
     */
    public Chunked<DrawMember> snapshot(String scopeId, int chunkCount) {
        return new Chunked<>() {
            @Override
            public Iterator<List<DrawMember>> chunks() {
                return new Iterator<>() {
                    final ArrayDeque<Future<List<List<DrawMember>>>> ahead = new ArrayDeque<>();
                    int requested;
                    Iterator<List<DrawMember>> current = Collections.emptyIterator();

                    private void fill() {
                        while (requested < chunkCount && ahead.size() < LOOKAHEAD) {
                            int from = requested;
                            int to = Math.min(chunkCount, from + BATCH);
                            requested = to;
                            ahead.add(readers.submit(() -> readChunkMembers(scopeId, from, to)));
                        }
                    }

                    @Override
                    public boolean hasNext() {
                        while (!current.hasNext()) {
                            fill();
                            Future<List<List<DrawMember>>> next = ahead.poll();
                            if (next == null) {
                                return false;
                            }
                            current = await(next).iterator();
                            fill();
                        }
                        return true;
                    }

                    @Override
                    public List<DrawMember> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return current.next();
                    }
                };
            }
        };
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a snapshot", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void stopReaders() {
        readers.shutdownNow();
    }

    /** Each reader thread's answer buffer ({@link #snapshotChunks(String, int, int, byte[][])}). */
    private final ThreadLocal<byte[][]> readBuffers = ThreadLocal.withInitial(() -> new byte[2][]);

    /** Each reader thread's shared line values, kept from chunk to chunk ({@link DrawMember.Tails}). */
    private final ThreadLocal<DrawMember.Tails> readTails = ThreadLocal.withInitial(DrawMember.Tails::new);

    /**
     * The members of chunks {@code from} up to {@code to}, a list per chunk, in order; a missing chunk
     * fails the read. Runs on the reader threads only, which keep their answer buffer between reads.
     */
    private List<List<DrawMember>> readChunkMembers(String scopeId, int from, int to) {
        byte[][] buffer = readBuffers.get();
        List<SnapshotChunk> chunks;
        try {
            chunks = snapshotChunks(scopeId, from, to, buffer);
        } finally {
            if (buffer[0] != null && buffer[0].length > READ_BUFFER_MAX) {
                buffer[0] = null;
            }
        }
        List<List<DrawMember>> members = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i) == null) {
                throw new IllegalStateException("snapshot chunk " + (from + i) + " of scope " + scopeId + " is missing");
            }
            members.add(chunks.get(i).members());
        }
        return members;
    }
}
