package io.spotcheck.publication;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.spotcheck.review.ResultPages;
import io.spotcheck.review.ResultQueries;
import io.spotcheck.review.ResultView;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.system.SpotcheckException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The public side of publication (一公开): PUBLISHED results only, newest inspection first, for
 * anyone, masked. The same query feeds the GraphQL connection and the NDJSON export.
 */
@Service
public class PublishedResults {

    /** What the public may narrow by; all optional. */
    public record Filter(String taskId, String department, String agency, String subjectCode, LocalDate from, LocalDate to) {}

    private final ResultPages pages;

    public PublishedResults(ResultPages pages) {
        this.pages = pages;
    }

    public ResultPages.Page page(Filter filter, int first, String after) {
        Query query = query(filter);
        return pages.page(new ResultPages.Spec(query, null, Map.of(), true), first, after,
                CursorCodec.fingerprint("published-results", String.valueOf(query)));
    }

    /** PUBLISHED and the filter. A code filter never matches a natural person: the public cannot probe ID numbers. */
    public static Query query(Filter filter) {
        Filter f = filter == null ? new Filter(null, null, null, null, null, null) : filter;
        List<Query> parts = new ArrayList<>();
        parts.add(ResultQueries.term("status", ResultView.PUBLISHED));
        add(parts, "taskId", f.taskId());
        add(parts, "department", f.department());
        add(parts, "agency", f.agency());
        if (f.subjectCode() != null) {
            add(parts, "subjectCode", f.subjectCode());
            parts.add(Query.of(q -> q.bool(b -> b.mustNot(ResultQueries.term("subjectKind", "NATURAL_PERSON")))));
        }
        if (f.from() != null && f.to() != null && f.to().isBefore(f.from())) {
            throw SpotcheckException.badInput("filter.to", "the period ends before it starts");
        }
        if (f.from() != null || f.to() != null) {
            parts.add(ResultQueries.between("inspectionDate", f.from(), f.to(), false));
        }
        return ResultQueries.and(parts);
    }

    private static void add(List<Query> parts, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.length() > 128) {
            throw SpotcheckException.badInput("filter." + field, field + " must be 1 to 128 characters");
        }
        parts.add(ResultQueries.term(field, value));
    }
}
