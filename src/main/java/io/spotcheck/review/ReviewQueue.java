package io.spotcheck.review;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.api.FacetBucket;
import io.spotcheck.security.Caller;
import io.spotcheck.system.SpotcheckException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The review queue (审核队列): results of the caller's queue, oldest inspection first, filtered by
 * agency, task, department, status and flag, with an exact total and facet counts by agency and by
 * flag, all from one Elasticsearch request. Agency and flag are disjunctive facets: each counts
 * with every other filter but its own (they go to {@code post_filter}), so a reviewer who picked
 * YELLOW still sees how many are RED.
 */
@Service
public class ReviewQueue {

    /** The queue's filter; every field optional. */
    public record Filter(String agency, String taskId, String department, List<String> status, ReviewDeadlines.Flag flag) {

        /**
         * The {@code ReviewQueueFilter} input as graphql-java coerced it (the schema has checked every
         * type). Bound here rather than by Spring's argument binder, which looks up a record's
         * constructor by reflection on every request, work the schema's coercion has already done.
         */
        public static Filter of(Map<String, Object> input) {
            if (input == null) {
                return null;
            }
            Object flag = input.get("flag");
            List<String> status = input.get("status") instanceof List<?> values ? values.stream().map(String::valueOf).toList() : null;
            return new Filter((String) input.get("agency"), (String) input.get("taskId"), (String) input.get("department"), status,
                    flag == null ? null : ReviewDeadlines.Flag.valueOf(flag.toString()));
        }
    }


    public record Page(ResultPages.Page page, ReviewDeadlines deadlines, List<FacetBucket> byAgency, List<FacetBucket> byFlag) {}

    /**
     * The stored fields a {@link ReviewItem} is made of: a result document also carries its item rows,
     * follow-ups, evidence and inspectors, which the queue never shows: about half of each document's bytes,
     * carried and parsed on every page for nothing, so the search asks only for these.
     */
    static final List<String> ITEM_FIELDS = List.of("id", "taskId", "taskName", "department", "agency", "subjectCode", "subjectName",
            "subjectKind", "itemCodes", "resultCodes", "problemFound", "channel", "inspectionDate", "status", "submittedBy",
            "submittedAt", "reviewedBy", "reviewedAt", "reviewNote", "publishedAt");

    static final List<String> STATUSES = List.of(ResultView.SUBMITTED, ResultView.APPROVED, ResultView.REJECTED, ResultView.PUBLISHED);

    private final ReviewAccess access;
    private final ReviewClock clock;
    private final ResultPages pages;

    public ReviewQueue(ReviewAccess access, ReviewClock clock, ResultPages pages) {
        this.access = access;
        this.clock = clock;
        this.pages = pages;
    }

    public Page queue(Caller caller, Filter filter, int first, String after) {
        Filter f = filter == null ? new Filter(null, null, null, null, null) : filter;
        ReviewAccess.QueueScope scope = access.queueFor(caller, f.department(), f.agency());
        ReviewAccess.QueueScope forced = f.agency() == null ? scope : access.queueFor(caller, f.department(), null);
        ReviewDeadlines deadlines = clock.deadlines();

        List<Query> base = new ArrayList<>();
        if (scope.department() != null) {
            base.add(ResultQueries.term("department", scope.department()));
        }
        if (forced.agency() != null) {
            base.add(ResultQueries.term("agency", forced.agency()));
        }
        if (f.taskId() != null) {
            if (f.taskId().isBlank() || f.taskId().length() > 128) {
                throw SpotcheckException.badInput("filter.taskId", "taskId must be 1 to 128 characters");
            }
            base.add(ResultQueries.term("taskId", f.taskId()));
        }
        if (f.status() != null && !f.status().isEmpty()) {
            for (String s : f.status()) {
                if (!STATUSES.contains(s)) {
                    throw SpotcheckException.badInput("filter.status", "status is one of " + STATUSES);
                }
            }
            base.add(ResultQueries.terms("status", f.status()));
        }
        Query agencyPart = f.agency() == null ? null : ResultQueries.term("agency", f.agency());
        Query flagPart = f.flag() == null ? null : ResultQueries.flag(f.flag(), deadlines);
        List<Query> post = new ArrayList<>();
        if (agencyPart != null) {
            post.add(agencyPart);
        }
        if (flagPart != null) {
            post.add(flagPart);
        }
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("by_agency", Aggregation.of(a -> a.filter(flagPart == null ? ResultQueries.all() : flagPart)
                .aggregations("v", Aggregation.of(t -> t.terms(x -> x.field("agency").size(500))))));
        Map<String, Query> flags = new LinkedHashMap<>();
        for (ReviewDeadlines.Flag flag : ReviewDeadlines.Flag.values()) {
            flags.put(flag.name(), ResultQueries.flag(flag, deadlines));
        }
        aggs.put("by_flag", Aggregation.of(a -> a.filter(agencyPart == null ? ResultQueries.all() : agencyPart)
                .aggregations("v", Aggregation.of(x -> x.filters(fs -> fs.filters(k -> k.keyed(flags)))))));

        Query query = ResultQueries.and(base);
        Query postFilter = post.isEmpty() ? null : ResultQueries.and(post);
        // What defines the query and its order, not the query's JSON, which would be serialised a second time.
        String fingerprint = CursorCodec.fingerprint("review-queue", scope.department(), forced.agency(), f.taskId(),
                String.valueOf(f.status()), f.agency(), String.valueOf(f.flag()), String.valueOf(deadlines.yellowCutoff()),
                String.valueOf(deadlines.redCutoff()));
        ResultPages.Page page = pages.page(new ResultPages.Spec(query, postFilter, aggs, false, ITEM_FIELDS), first, after, fingerprint);

        // Typed keys, as the client asks for them: filter#by_agency > sterms#v, filter#by_flag > filters#v.
        List<FacetBucket> byAgency = new ArrayList<>();
        for (JsonNode b : page.aggregations().path("filter#by_agency").path("sterms#v").path("buckets")) {
            byAgency.add(new FacetBucket(b.path("key").asText(), b.path("doc_count").asLong()));
        }
        List<FacetBucket> byFlag = new ArrayList<>();
        JsonNode keyed = page.aggregations().path("filter#by_flag").path("filters#v").path("buckets");
        if (!keyed.isMissingNode()) {
            for (ReviewDeadlines.Flag flag : ReviewDeadlines.Flag.values()) {
                byFlag.add(new FacetBucket(flag.name(), keyed.path(flag.name()).path("doc_count").asLong(0)));
            }
        }
        return new Page(page, deadlines, byAgency, byFlag);
    }
}
