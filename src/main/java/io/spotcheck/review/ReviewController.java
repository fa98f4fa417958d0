package io.spotcheck.review;

import io.spotcheck.security.Caller;
import java.util.ArrayList;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The review queue, the review decision and publication. Thin: access, queries and rules live in the services. */
@Controller
class ReviewController {

    private final ReviewQueue queue;
    private final ReviewService service;
    private final ReviewAccess access;
    private final ResultPages pages;

    ReviewController(ReviewQueue queue, ReviewService service, ReviewAccess access, ResultPages pages) {
        this.queue = queue;
        this.service = service;
        this.access = access;
        this.pages = pages;
    }

    @QueryMapping
    ReviewQueueConnection reviewQueue(Caller caller, @Argument ReviewQueue.Filter filter, @Argument Integer first,
                                      @Argument String after) {
        ReviewQueue.Page page = queue.queue(caller, filter, first == null ? 20 : first, after);
        List<Edge> edges = new ArrayList<>();
        for (ResultPages.Row row : page.page().rows()) {
            edges.add(new Edge(pages, page.page(), row, ReviewItem.of(row.result(), page.deadlines(), caller)));
        }
        PageInfo info = new PageInfo(page.page().hasNextPage(), false, edges.isEmpty() ? null : edges.get(0),
                edges.isEmpty() ? null : edges.get(edges.size() - 1));
        List<AgencyCount> agencies = page.byAgency().stream()
                .map(b -> new AgencyCount(b.value(), access.agencyName(b.value()), b.count())).toList();
        List<FlagCount> flags = page.byFlag().stream().map(b -> new FlagCount(ReviewDeadlines.Flag.valueOf(b.value()), b.count())).toList();
        ReviewDeadlines d = page.deadlines();
        return new ReviewQueueConnection(edges, info, page.page().total(), new ReviewQueueFacets(agencies, flags),
                new ReviewCutoffs(d.today(), d.reviewDays(), d.publicationDays(), d.yellowCutoff(), d.redCutoff()));
    }

    @MutationMapping
    ReviewService.ReviewPayload reviewResult(Caller caller, @Argument String id, @Argument Long expectedVersion,
                                             @Argument ReviewService.Decision decision, @Argument String note) {
        return service.review(caller, id, expectedVersion, decision, note);
    }

    @MutationMapping
    ReviewService.PublishPayload publishResults(Caller caller, @Argument String taskId, @Argument String department) {
        return service.publish(caller, taskId, department);
    }

    record ReviewQueueConnection(List<Edge> edges, PageInfo pageInfo, long totalCount, ReviewQueueFacets facets,
                                 ReviewCutoffs deadlines) {}

    /** An edge seals and signs its cursor (AES-GCM + HMAC) only when a client asks for it, as the subject search does. */
    static final class Edge {
        private final ResultPages pages;
        private final ResultPages.Page page;
        private final ResultPages.Row row;
        private final ReviewItem node;
        private String cursor;

        Edge(ResultPages pages, ResultPages.Page page, ResultPages.Row row, ReviewItem node) {
            this.pages = pages;
            this.page = page;
            this.row = row;
            this.node = node;
        }

        public String getCursor() {
            if (cursor == null) {
                cursor = pages.cursor(page, row);
            }
            return cursor;
        }

        public ReviewItem getNode() {
            return node;
        }
    }

    /** Start and end cursors come from the first and last edge, sealed only if asked for. */
    record PageInfo(boolean hasNextPage, boolean hasPreviousPage, Edge first, Edge last) {
        public String startCursor() {
            return first == null ? null : first.getCursor();
        }

        public String endCursor() {
            return last == null ? null : last.getCursor();
        }
    }

    record ReviewQueueFacets(List<AgencyCount> agency, List<FlagCount> flag) {}

    record AgencyCount(String agency, String name, long count) {}

    record FlagCount(ReviewDeadlines.Flag flag, long count) {}

    record ReviewCutoffs(java.time.LocalDate today, int reviewWorkingDays, int publicationWorkingDays,
                         java.time.LocalDate yellowCutoff, java.time.LocalDate redCutoff) {}
}
