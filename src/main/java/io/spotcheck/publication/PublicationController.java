package io.spotcheck.publication;

import io.spotcheck.review.ResultPages;
import io.spotcheck.api.Connection;
import io.spotcheck.api.Edge;
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
    Connection<PublishedResult> publishedResults(Caller caller, @Argument PublishedResults.Filter filter, @Argument Integer first,
                                               @Argument String after) {
        // Public data: every caller, the anonymous public included, gets the same masked view.
        ResultPages.Page page = published.page(filter, first == null ? 20 : first, after);
        List<Edge<PublishedResult>> edges = new ArrayList<>();
        for (ResultPages.Row row : page.rows()) {
            edges.add(new Edge<>(PublishedResult.of(row.result()), () -> pages.cursor(page, row)));
        }
        return Connection.of(edges, page.hasNextPage(), page.total());
    }

}
