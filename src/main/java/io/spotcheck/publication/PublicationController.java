package io.spotcheck.publication;

import io.spotcheck.review.ResultPages;
import io.spotcheck.security.Caller;
import java.util.ArrayList;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Published results for everyone, anonymous included; the same masked view whoever asks. */
@Controller
class PublicationController {

    private final PublishedResults published;
    private final ResultPages pages;

    PublicationController(PublishedResults published, ResultPages pages) {
        this.published = published;
        this.pages = pages;
    }

    @QueryMapping
    PublishedResultConnection publishedResults(Caller caller, @Argument PublishedResults.Filter filter, @Argument Integer first,
                                               @Argument String after) {
        // Public data: every caller, the anonymous public included, gets the same masked view.
        ResultPages.Page page = published.page(filter, first == null ? 20 : first, after);
        List<Edge> edges = new ArrayList<>();
        for (ResultPages.Row row : page.rows()) {
            edges.add(new Edge(pages.cursor(page, row), PublishedResult.of(row.result())));
        }
        return new PublishedResultConnection(edges, new PageInfo(page.hasNextPage(), false,
                edges.isEmpty() ? null : edges.get(0).cursor(), edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()),
                page.total());
    }

    record PublishedResultConnection(List<Edge> edges, PageInfo pageInfo, long totalCount) {}

    record Edge(String cursor, PublishedResult node) {}

    record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}
}
