package io.spotcheck.review;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.spotcheck.search.Cursor;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.SecurityProperties;
import io.spotcheck.subject.CursorSealer;
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
 * with a cursor, then travels in the signed cursor; if it expires the walk continues on the alias
 * with the same sort values. Result ids contain the subject's code (a person's identifier for
 * natural persons), so the sort values travel encrypted.
 */
@Component
public class ResultPages {

    private static final Logger log = LoggerFactory.getLogger(ResultPages.class);
    static final String PIT_KEEP_ALIVE = "5m";
    public static final int MAX_PAGE = 200;

    /** One hit: the result (with its version) and its sort values. */
    public record Row(ResultView result, List<FieldValue> sort) {}

    public record Page(List<Row> rows, boolean hasNextPage, long total, Map<String, Aggregate> aggregations, String pit,
                       String fingerprint) {}

    /** What to run: the query, an optional post_filter, aggregations, and whether dates sort newest first. */
    public record Spec(Query query, Query postFilter, Map<String, Aggregation> aggregations, boolean newestFirst) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final byte[] cursorKey;
    private final CursorSealer sealer;

    public ResultPages(ElasticsearchClient client, IndexNames names, SecurityProperties security) {
        this.client = client;
        this.names = names;
        this.cursorKey = Cursor.keyFrom(security.cursorSecret());
        this.sealer = new CursorSealer(security.cursorSecret());
    }

    public Page page(Spec spec, int first, String after, String fingerprint) {
        if (first < 1 || first > MAX_PAGE) {
            throw SpotcheckException.badInput("first", "first must be between 1 and " + MAX_PAGE);
        }
        Cursor cursor = after == null ? null : Cursor.decode(after, cursorKey, fingerprint);
        List<FieldValue> searchAfter = cursor == null ? null : open(cursor);
        String pit = cursor == null ? null : cursor.pit();
        try {
            if (cursor != null && pit == null) {
                pit = client.openPointInTime(p -> p.index(names.alias("results")).keepAlive(k -> k.time(PIT_KEEP_ALIVE))).id();
            }
            SearchResponse<ResultView> response;
            try {
                response = client.search(request(spec, first, searchAfter, pit), ResultView.class);
            } catch (ElasticsearchException e) {
                if (pit == null || !pitGone(e)) {
                    throw badAfterOrRethrow(e, searchAfter);
                }
                log.debug("point-in-time expired; continuing on the alias");
                pit = null;
                response = client.search(request(spec, first, searchAfter, null), ResultView.class);
            }
            List<Hit<ResultView>> hits = response.hits().hits();
            boolean hasNext = hits.size() > first;
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(first, hits.size()); i++) {
                Hit<ResultView> hit = hits.get(i);
                ResultView view = hit.source();
                rows.add(new Row(hit.seqNo() == null ? view : view.withVersion(hit.seqNo()), hit.sort()));
            }
            if (pit != null && response.pitId() != null) {
                pit = response.pitId();
            }
            if (!hasNext && pit != null) {
                closeQuietly(pit);
                pit = null;
            }
            long total = response.hits().total() == null ? rows.size() : response.hits().total().value();
            return new Page(rows, hasNext, total, response.aggregations(), pit, fingerprint);
        } catch (IOException e) {
            throw new BackendUnavailableException("could not read the results", e);
        }
    }

    /** The cursor of one row: point-in-time, sealed sort values, fingerprint; signed. */
    public String cursor(Page page, Row row) {
        List<Object> values = new ArrayList<>(row.sort().size());
        for (FieldValue v : row.sort()) {
            values.add(v.isNull() ? null : v._get());
        }
        return new Cursor(page.pit(), List.of(sealer.seal(values)), page.fingerprint()).encode(cursorKey);
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
        if (searchAfter != null) {
            s.searchAfter(searchAfter);
        }
        return s.build();
    }

    static List<SortOptions> sort(boolean newestFirst) {
        return List.of(
                SortOptions.of(o -> o.field(f -> f.field("inspectionDate").order(newestFirst ? SortOrder.Desc : SortOrder.Asc).missing("_last"))),
                SortOptions.of(o -> o.field(f -> f.field("id").order(SortOrder.Asc))));
    }

    private List<FieldValue> open(Cursor cursor) {
        if (cursor.after() == null || cursor.after().size() != 1 || !(cursor.after().get(0) instanceof String sealed)) {
            throw invalidCursor();
        }
        List<Object> values = sealer.open(sealed);
        if (values == null || values.size() != 2) {
            throw invalidCursor();
        }
        List<FieldValue> result = new ArrayList<>(2);
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

    private static boolean pitGone(ElasticsearchException e) {
        String type = e.error() == null ? "" : String.valueOf(e.error().type());
        String text = String.valueOf(e.getMessage());
        return e.status() == 404 || type.contains("search_context_missing") || text.contains("search_context_missing")
                || text.contains("No search context found");
    }

    private static RuntimeException badAfterOrRethrow(ElasticsearchException e, List<FieldValue> searchAfter) {
        if (searchAfter != null && e.status() == 400) {
            return new SpotcheckException(ErrorCode.INVALID_CURSOR, "the cursor does not fit this search; start again without 'after'");
        }
        return e;
    }

    private void closeQuietly(String pit) {
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (IOException | ElasticsearchException e) {
            log.debug("could not close point-in-time: {}", e.toString());
        }
    }
}
