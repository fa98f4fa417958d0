package io.spotcheck.review;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonpMapper;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.search.PitHandles;
import io.spotcheck.search.IndexNames;
import io.spotcheck.search.StoredDates;
import io.spotcheck.security.SecurityProperties;
import io.spotcheck.system.BackendUnavailableException;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Forward pages over the {@code results} index: hits, exact total and aggregations in ONE request,
 * sorted by inspection date then result id (unique), paged with {@code search_after}. Like the
 * subject search, a first page is one request; a point-in-time is opened when a client comes back
 * with a cursor, then travels in the cursor as a handle (search/PitHandles); if it expires the walk continues on the alias
 * with the same sort values. Result ids contain the subject's code (a person's identifier for
 * natural persons), so the sort values travel encrypted.
 *
 * <p>The request is built with the client's typed builders (and serialised by its mapper, exactly as
 * the client would send it); the answer is read by Jackson straight into {@link ResultView}s and a
 * JSON tree of the aggregations. The client's typed search decodes every hit through its JSON-P layer
 * first, which slowed the review queue measurably against a raw search in the {@code review} bench
 * (the queue answers every reviewer's page), so the answer is decoded here instead.
 */
@Component
public class ResultPages {

    private static final Logger log = LoggerFactory.getLogger(ResultPages.class);
    static final String PIT_KEEP_ALIVE = "5m";
    public static final int MAX_PAGE = 200;

    /** One hit: the result (with its version) and its sort values (Long, String or null). */
    public record Row(ResultView result, List<Object> sort) {}

    /** The aggregations are the answer's JSON, with typed keys ({@code filter#name}, {@code sterms#name}, ...). */
    public record Page(List<Row> rows, boolean hasNextPage, long total, JsonNode aggregations, String pit, String fingerprint) {}

    /**
     * What to run: the query, an optional post_filter, aggregations, whether dates sort newest first, and
     * the {@code _source} fields the caller reads (null: all of them).
     */
    public record Spec(Query query, Query postFilter, Map<String, Aggregation> aggregations, boolean newestFirst,
                       List<String> sourceFields) {

        public Spec(Query query, Query postFilter, Map<String, Aggregation> aggregations, boolean newestFirst) {
            this(query, postFilter, aggregations, newestFirst, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(@JsonProperty("pit_id") String pitId, Hits hits, JsonNode aggregations) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hits(Total total, List<Hit> hits) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Total(long value) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hit(@JsonProperty("_seq_no") Long seqNo, @JsonProperty("_source") ResultView source, List<Object> sort) {}

    private final ElasticsearchClient client;
    private final RestClient rest;
    private final IndexNames names;
    private final CursorCodec cursors;
    private final PitHandles pits;
    private final ObjectReader answers;

    /** For tests without Redis. */
    public ResultPages(ElasticsearchClient client, RestClient rest, IndexNames names, SecurityProperties security, ObjectMapper json) {
        this(client, rest, names, new CursorCodec(security.cursorSecret()), PitHandles.none(), json);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public ResultPages(ElasticsearchClient client, RestClient rest, IndexNames names, CursorCodec cursors, PitHandles pits, ObjectMapper json) {
        this.client = client;
        this.rest = rest;
        this.names = names;
        this.cursors = cursors;
        this.pits = pits;
        this.answers = json == null ? null : json.copy().registerModule(StoredDates.module()).readerFor(Answer.class);
    }

    public Page page(Spec spec, int first, String after, String fingerprint) {
        if (first < 1 || first > MAX_PAGE) {
            throw SpotcheckException.badInput("first", "first must be between 1 and " + MAX_PAGE);
        }
        CursorCodec.Position cursor = after == null ? null : cursors.decode(after, fingerprint);
        List<FieldValue> searchAfter = cursor == null ? null : open(cursor);
        String pit = cursor == null ? null : pits.pit(cursor.pit(), java.time.Duration.ofMinutes(5));
        try {
            if (cursor != null && pit == null) {
                pit = client.openPointInTime(p -> p.index(names.alias("results")).keepAlive(k -> k.time(PIT_KEEP_ALIVE))).id();
            }
            Answer response;
            try {
                response = search(request(spec, first, searchAfter, pit), pit != null);
            } catch (ResponseException e) {
                int status = e.getResponse().getStatusLine().getStatusCode();
                if (pit == null || !pitGone(status)) {
                    throw refused(status, e, searchAfter);
                }
                log.debug("point-in-time expired; continuing on the alias");
                pit = null;
                try {
                    response = search(request(spec, first, searchAfter, null), false);
                } catch (ResponseException again) {
                    throw refused(again.getResponse().getStatusLine().getStatusCode(), again, searchAfter);
                }
            }
            List<Hit> hits = response.hits() == null || response.hits().hits() == null ? List.of() : response.hits().hits();
            boolean hasNext = hits.size() > first;
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(first, hits.size()); i++) {
                Hit hit = hits.get(i);
                ResultView view = hit.source();
                rows.add(new Row(hit.seqNo() == null ? view : view.withVersion(hit.seqNo()), hit.sort() == null ? List.of() : hit.sort()));
            }
            if (pit != null && response.pitId() != null) {
                pit = response.pitId();
            }
            if (!hasNext && pit != null) {
                closeQuietly(pit);
                pit = null;
            }
            long total = response.hits() == null || response.hits().total() == null ? rows.size() : response.hits().total().value();
            JsonNode aggregations = response.aggregations() == null ? MissingNode.getInstance() : response.aggregations();
            return new Page(rows, hasNext, total, aggregations, pit, fingerprint);
        } catch (IOException e) {
            throw new BackendUnavailableException("could not read the results", e);
        }
    }

    /** The request's body as the client serialises it, sent by the low-level client, with typed keys as the client asks. */
    private Answer search(SearchRequest search, boolean onPit) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        JsonpMapper mapper = client._jsonpMapper();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(body)) {
            search.serialize(generator, mapper);
        }
        Request request = new Request("POST", onPit ? "/_search" : "/" + names.alias("results") + "/_search");
        request.addParameter("typed_keys", "true");
        request.setEntity(new ByteArrayEntity(body.toByteArray(), ContentType.APPLICATION_JSON));
        Response response = rest.performRequest(request);
        try (InputStream in = response.getEntity().getContent()) {
            return answers.readValue(in);
        }
    }

    /** The cursor of one row: point-in-time handle and sort values (they name a subject's code: encrypted). */
    public String cursor(Page page, Row row) {
        return cursors.encode(page.fingerprint(), pits.handle(page.pit(), java.time.Duration.ofMinutes(5)), row.sort());
    }

    SearchRequest request(Spec spec, int first, List<FieldValue> searchAfter, String pit) {
        SearchRequest.Builder s = new SearchRequest.Builder();
        if (pit != null) {
            s.pit(p -> p.id(pit).keepAlive(k -> k.time(PIT_KEEP_ALIVE)));
        } else {
            s.index(names.alias("results"));
        }
        s.size(first + 1).trackTotalHits(t -> t.enabled(true)).seqNoPrimaryTerm(true).query(spec.query());
        if (spec.postFilter() != null) {
            s.postFilter(spec.postFilter());
        }
        if (spec.aggregations() != null && !spec.aggregations().isEmpty()) {
            s.aggregations(spec.aggregations());
        }
        s.sort(sort(spec.newestFirst()));
        if (spec.sourceFields() != null) {
            s.source(src -> src.filter(f -> f.includes(spec.sourceFields())));
        }
        if (searchAfter != null) {
            s.searchAfter(searchAfter);
        }
        return s.build();
    }

    static List<SortOptions> sort(boolean newestFirst) {
        return List.of(
                SortOptions.of(o -> o.field(f -> f.field("inspectionDate").order(newestFirst ? SortOrder.Desc : SortOrder.Asc).missing("_last"))),
                // Ties by when each result was submitted, not by id: an id ends in the subject's code, and for a
                // person that order would compare the hidden digits of masked ID numbers (docs/SECURITY.md, "Guessing").
                // The id only breaks ties of the same millisecond.
                SortOptions.of(o -> o.field(f -> f.field("submittedAt").order(SortOrder.Asc).missing("_last"))),
                SortOptions.of(o -> o.field(f -> f.field("id").order(SortOrder.Asc))));
    }

    private List<FieldValue> open(CursorCodec.Position cursor) {
        List<Object> values = cursor.after();
        if (values == null || values.size() != 3) {
            throw invalidCursor();
        }
        List<FieldValue> result = new ArrayList<>(3);
        for (Object v : values) {
            if (v == null) {
                result.add(FieldValue.NULL);
            } else if (v instanceof Integer || v instanceof Long) {
                result.add(FieldValue.of(((Number) v).longValue()));
            } else if (v instanceof String str) {
                result.add(FieldValue.of(str));
            } else {
                throw invalidCursor();
            }
        }
        return result;
    }

    static SpotcheckException invalidCursor() {
        return new SpotcheckException(ErrorCode.INVALID_CURSOR, "the cursor is not valid; start again without 'after'");
    }

    /** Elasticsearch answers an expired or unknown point-in-time with 404 (search_context_missing_exception). */
    private static boolean pitGone(int status) {
        return status == 404;
    }

    /** A cursor Elasticsearch cannot continue from is the client's fault; anything else it refuses is ours. */
    private static RuntimeException refused(int status, ResponseException e, List<FieldValue> searchAfter) {
        if (searchAfter != null && status == 400) {
            return new SpotcheckException(ErrorCode.INVALID_CURSOR, "the cursor does not fit this search; start again without 'after'");
        }
        if (status >= 500) {
            return new BackendUnavailableException("could not read the results", e);
        }
        return new IllegalStateException("Elasticsearch refused the results search (" + status + ")", e);
    }

    private void closeQuietly(String pit) {
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (IOException | ElasticsearchException e) {
            log.debug("could not close point-in-time: {}", e.toString());
        }
    }
}
