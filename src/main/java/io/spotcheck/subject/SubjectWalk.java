package io.spotcheck.subject;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.IndexNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.springframework.stereotype.Component;

/**
 * The subject directory as other features read it in bulk: a walk over every subject a filter matches
 * (a scope's build, in public-key order over a point in time), their count, and subjects by code. Only
 * the fields a draw needs are read ({@link Member}). With {@link SubjectSearch}, the one reader of the
 * {@code subjects} index.
 */
@Component
public class SubjectWalk {

    static final List<String> MEMBER_FIELDS = List.of("code", "publicKey", "regionCode", "risk.comprehensive", "status", "kind");

    /** A subject as a draw sees it; {@code publicKey} null or empty when the backfill has not given it one yet. */
    public record Member(String code, String publicKey, String kind, String risk, String regionCode, String status) {}

    /** One chunk of the walk: its members, the sort values to continue after, the point in time to continue on. */
    public record Chunk(List<Member> members, List<FieldValue> lastSort, String pit) {}

    private final ElasticsearchClient client;
    private final RestClient rest;
    private final IndexNames names;
    private final ObjectMapper json;

    public SubjectWalk(ElasticsearchClient client, RestClient rest, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.rest = rest;
        this.names = names;
        this.json = json;
    }

    public String openPit() {
        return BackendErrors.call("subjects", () -> client.openPointInTime(p -> p.index(names.alias("subjects"))
                .keepAlive(Time.of(t -> t.time("5m")))).id());
    }

    public void closePit(String pit) {
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (IOException | RuntimeException e) {
            // An expired point in time is gone anyway.
        }
    }

    /** One chunk of subjects past {@code afterKey} (and {@code searchAfter}), ascending by public key (keyword order is UTF-8 byte order). */
    public Chunk chunk(String pit, Query filter, String afterKey, List<FieldValue> searchAfter, int size) {
        return chunk(pit, filter, afterKey, searchAfter, size, 0, 1);
    }

    /**
     * As {@link #chunk(String, Query, String, List, int)} within slice {@code slice} of {@code slices}
     * of the point in time (contiguous ranges of document ids; one slice is the whole walk).
     */
    public Chunk chunk(String pit, Query filter, String afterKey, List<FieldValue> searchAfter, int size, int slice, int slices) {
        Query query = afterKey == null ? filter
                : Query.of(q -> q.bool(b -> b.filter(filter).filter(f -> f.range(r -> r.term(t -> t.field("publicKey").gt(afterKey))))));
        // The walk's hot loop goes through the low-level client with filter_path: the typed client builds
        // objects for every hit, which cost the application more than Elasticsearch spends on the search.
        ObjectNode body = json.createObjectNode();
        body.putObject("pit").put("id", pit).put("keep_alive", "5m");
        body.put("size", size);
        body.set("query", toJson(query));
        ArrayNode includes = body.putObject("_source").putArray("includes");
        MEMBER_FIELDS.forEach(includes::add);
        body.putArray("sort").addObject().put("publicKey", "asc");
        body.put("track_total_hits", false);
        if (slices > 1) {
            body.putObject("slice").put("id", slice).put("max", slices);
        }
        if (searchAfter != null) {
            ArrayNode after = body.putArray("search_after");
            searchAfter.forEach(v -> after.add(v.isString() ? v.stringValue() : String.valueOf(v._get())));
        }
        // A shard copy that holds part of the point in time can be lost with its node; by default the
        // search then answers the other shards' hits, and the walk would skip members silently. It must
        // fail instead, and the job resume from its checkpoint on a new point in time.
        Request request = new Request("POST", "/_search");
        request.addParameter("allow_partial_search_results", "false");
        request.addParameter("filter_path", "pit_id,hits.hits._source,hits.hits.sort");
        request.setEntity(new NStringEntity(body.toString(), ContentType.create("application/json", StandardCharsets.UTF_8)));
        JsonNode r = BackendErrors.call("subjects", () -> {
            Response response = rest.performRequest(request);
            try (InputStream in = response.getEntity().getContent()) {
                return json.readTree(in);
            }
        });
        List<Member> members = new ArrayList<>();
        List<FieldValue> last = null;
        // A walk holds pages of many slices at once: their members share one copy of each of the few
        // kinds, classes, regions and statuses instead of one per member.
        Map<String, String> shared = new java.util.HashMap<>();
        for (JsonNode hit : r.path("hits").path("hits")) {
            members.add(member(hit.path("_source"), shared));
            last = List.of(FieldValue.of(hit.path("sort").path(0).asText()));
        }
        return new Chunk(members, last, r.path("pit_id").asText(pit));
    }

    private JsonNode toJson(Query query) {
        try {
            return json.readTree(JsonpUtils.toJsonString(query, client._jsonpMapper()));
        } catch (IOException e) {
            throw new IllegalStateException("a subject query could not be rendered", e);
        }
    }

    public long count(Query filter) {
        return BackendErrors.call("subjects", () -> client.count(c -> c.index(names.alias("subjects")).query(filter)).count());
    }

    /** Subjects by code: those found, by code; missing codes absent. */
    public Map<String, Member> byCode(List<String> codes) {
        Map<String, Member> found = new LinkedHashMap<>();
        if (codes.isEmpty()) {
            return found;
        }
        for (MultiGetResponseItem<JsonNode> item : BackendErrors.call("subjects", () -> client.mget(m -> m.index(names.alias("subjects"))
                .ids(codes).sourceIncludes(MEMBER_FIELDS), JsonNode.class)).docs()) {
            if (item.isResult() && item.result().found()) {
                found.put(item.result().id(), member(item.result().source(), new java.util.HashMap<>()));
            }
        }
        return found;
    }

    private static Member member(JsonNode source, Map<String, String> shared) {
        return new Member(source.path("code").asText(), source.path("publicKey").asText(null), one(source.path("kind"), shared),
                one(source.path("risk").path("comprehensive"), shared), one(source.path("regionCode"), shared),
                one(source.path("status"), shared));
    }

    private static String one(JsonNode value, Map<String, String> shared) {
        String text = value.asText(null);
        return text == null ? null : shared.computeIfAbsent(text, t -> t);
    }
}
