package io.spotcheck.review;

import io.spotcheck.api.Connection;
import io.spotcheck.api.Edge;
import io.spotcheck.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    ReviewQueueConnection reviewQueue(Caller caller, @Argument("filter") Map<String, Object> filter, @Argument Integer first,
                                      @Argument String after) {
        ReviewQueue.Page page = queue.queue(caller, ReviewQueue.Filter.of(filter), first == null ? 20 : first, after);
        List<Edge<ReviewItem>> edges = new ArrayList<>();
        for (ResultPages.Row row : page.page().rows()) {
            edges.add(new Edge<>(ReviewItem.of(row.result(), page.deadlines(), caller), () -> pages.cursor(page.page(), row)));
        }
        List<AgencyBucket> agencies = page.byAgency().stream()
                .map(b -> new AgencyBucket(b.value(), access.agencyName(b.value()), b.count())).toList();
        List<FlagBucket> flags = page.byFlag().stream().map(b -> new FlagBucket(ReviewDeadlines.Flag.valueOf(b.value()), b.count())).toList();
        ReviewDeadlines d = page.deadlines();
        return new ReviewQueueConnection(edges, page.page().hasNextPage(), page.page().total(), new ReviewQueueFacets(agencies, flags),
                new ReviewCutoffs(d.today(), d.reviewDays(), d.publicationDays(), d.yellowCutoff(), d.redCutoff(),
                        d.cutoffsProvisionalReason() != null, d.cutoffsProvisionalReason()));
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

    /** The one connection shape, with the queue's deadlines beside it. */
    static final class ReviewQueueConnection extends Connection<ReviewItem> {

        private final ReviewCutoffs deadlines;

        ReviewQueueConnection(List<Edge<ReviewItem>> edges, boolean hasNextPage, long totalCount, ReviewQueueFacets facets,
                              ReviewCutoffs deadlines) {
            super(edges, hasNextPage, totalCount, facets);
            this.deadlines = deadlines;
        }

        public ReviewCutoffs getDeadlines() {
            return deadlines;
        }
    }

    record ReviewQueueFacets(List<AgencyBucket> agency, List<FlagBucket> flag) {}

    /** A facet bucket with the agency's name; {@code agency} is the deprecated name of {@code value}. */
    record AgencyBucket(String value, String name, long count) {
        public String agency() {
            return value;
        }
    }

    /** A facet bucket whose value is a flag; {@code flag} is the deprecated name of {@code value}. */
    record FlagBucket(ReviewDeadlines.Flag value, long count) {
        public ReviewDeadlines.Flag flag() {
            return value;
        }
    }

    record ReviewCutoffs(java.time.LocalDate today, int reviewWorkingDays, int publicationWorkingDays,
                         java.time.LocalDate yellowCutoff, java.time.LocalDate redCutoff, boolean provisional, String provisionalReason) {}
}
