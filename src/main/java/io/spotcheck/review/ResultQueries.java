package io.spotcheck.review;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import java.time.LocalDate;
import java.util.List;

/**
 * Query pieces over the {@code results} index, shared by the review queue, publication and the
 * statistics. Flags are date ranges against today's cut-offs ({@link ReviewDeadlines}), never stored.
 */
public final class ResultQueries {

    private ResultQueries() {}

    public static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    public static Query term(String field, boolean value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    public static Query terms(String field, List<String> values) {
        return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(values.stream().map(FieldValue::of).toList()))));
    }

    public static Query all() {
        return Query.of(q -> q.matchAll(m -> m));
    }

    /** {@code field} on or before {@code date} (inclusive). */
    public static Query onOrBefore(String field, LocalDate date) {
        return Query.of(q -> q.range(r -> r.untyped(u -> u.field(field).lte(JsonData.of(date.toString())))));
    }

    /**
     * Dates in {@code [from, to]} (both inclusive, either open). Instants are compared in China's time
     * zone so a day is a Beijing day.
     */
    public static Query between(String field, LocalDate from, LocalDate to, boolean instant) {
        return Query.of(q -> q.range(r -> r.untyped(u -> {
            u.field(field);
            if (instant) {
                u.timeZone("+08:00");
            }
            if (from != null) {
                u.gte(JsonData.of(from.toString()));
            }
            if (to != null) {
                u.lt(JsonData.of(to.plusDays(1).toString()));
            }
            return u;
        })));
    }

    /** RED: not published and its publication deadline has passed. */
    public static Query red(ReviewDeadlines d) {
        return Query.of(q -> q.bool(b -> b
                .filter(onOrBefore("inspectionDate", d.redCutoff()))
                .mustNot(term("status", ResultView.PUBLISHED))));
    }

    /** YELLOW: still unreviewed after its review deadline, and not (yet) RED. */
    public static Query yellow(ReviewDeadlines d) {
        return Query.of(q -> q.bool(b -> b
                .filter(term("status", ResultView.SUBMITTED))
                .filter(onOrBefore("inspectionDate", d.yellowCutoff()))
                .mustNot(onOrBefore("inspectionDate", d.redCutoff()))));
    }

    /** Neither flag. */
    public static Query unflagged(ReviewDeadlines d) {
        return Query.of(q -> q.bool(b -> b.mustNot(red(d)).mustNot(yellow(d))));
    }

    public static Query flag(ReviewDeadlines.Flag flag, ReviewDeadlines d) {
        return switch (flag) {
            case RED -> red(d);
            case YELLOW -> yellow(d);
            case NONE -> unflagged(d);
        };
    }

    public static Query and(List<Query> parts) {
        if (parts.isEmpty()) {
            return all();
        }
        BoolQuery.Builder b = new BoolQuery.Builder();
        parts.forEach(b::filter);
        return Query.of(q -> q.bool(b.build()));
    }
}
