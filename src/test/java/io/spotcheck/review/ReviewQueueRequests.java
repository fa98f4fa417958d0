package io.spotcheck.review;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Caller;
import io.spotcheck.security.SecurityProperties;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The exact Elasticsearch request {@link ReviewQueue} sends for the first page of a filter, captured
 * from the server's own code instead of sent (nothing here talks to Elasticsearch). The benchmarks post
 * it raw as the anchor of the {@code reviewQueue} figure. Access is taken as granted (the caller's
 * queue is the filter's department), which is what {@link ReviewAccess#queueFor} answers for a
 * bureau-level reviewer or department staff naming their own department.
 */
public final class ReviewQueueRequests {

    private ReviewQueueRequests() {}

    public static SearchRequest firstPage(IndexNames names, ReviewDeadlines deadlines, ReviewQueue.Filter filter, int first) {
        AtomicReference<SearchRequest> captured = new AtomicReference<>();
        ResultPages pages = new ResultPages(null, null, names, new SecurityProperties(null, null, null, null, "capture-only"), null) {
            @Override
            public Page page(Spec spec, int size, String after, String fingerprint) {
                captured.set(request(spec, size, null, null));
                return new Page(List.of(), false, 0, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), null, fingerprint);
            }
        };
        ReviewAccess access = new ReviewAccess(null) {
            @Override
            public QueueScope queueFor(Caller caller, String department, String agency) {
                return new QueueScope(department, agency);
            }
        };
        ReviewClock clock = new ReviewClock(null, null) {
            @Override
            public ReviewDeadlines deadlines() {
                return deadlines;
            }
        };
        new ReviewQueue(access, clock, pages).queue(null, filter, first, null);
        return captured.get();
    }
}
