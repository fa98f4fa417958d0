package io.spotcheck.stats;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.spotcheck.review.ResultQueries;
import io.spotcheck.review.ReviewDeadlines;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Every Elasticsearch request of the statistics, built in one place: one size-0 search per source
 * index (tasks, draws, credit rules, assignments, results, anomaly listings), sent together in ONE
 * msearch. Counts come from hit totals and aggregations only; no record is loaded (the credit rules,
 * a handful of small documents, are the one exception). Breakdowns are bucket aggregations inside the
 * same searches, computed only for the dimensions asked for.
 *
 * <p>Which date puts a record in the period {@code [from, to]} (both inclusive, Beijing days): a task's
 * start date (its creation date when it has none), a draw's {@code drawnAt}, an assignment's
 * {@code assignedAt}, a result's inspection date, an anomaly listing's {@code openedAt}.
 */
public final class StatisticsQuery {

    /** How a breakdown splits the selection. */
    public enum Dimension { AGENCY, MONTH, DEPARTMENT }

    /** What the statistics cover: a department (null: all), an agency (null: all), a period (open ends allowed). */
    public record Selection(String department, String agency, LocalDate from, LocalDate to) {}

    /** One search of the msearch. */
    public record Search(String index, Query query, Map<String, Aggregation> aggregations, int size) {}

    /** What came back for one search: its exact hit total, aggregations, and (credit rules only) hit sources. */
    public record Answer(long total, Map<String, Aggregate> aggregations, List<Map<String, Object>> sources) {}

    /** The totals and, per requested dimension, the rows in key order. */
    public record Outcome(Figures totals, Map<Dimension, Map<String, Figures>> rows) {}

    static final String TASKS = "tasks";
    static final String DRAWS = "draws";
    static final String RULES = "credit_rules";
    static final String ASSIGNMENTS = "assignments";
    static final String RESULTS = "results";
    static final String ANOMALIES = "anomaly_listings";
    static final int TERMS_SIZE = 1000;
    static final int PRECISION = 40_000;

    private final Selection selection;
    private final Set<Dimension> dimensions;
    private final List<String> departments;
    private final ReviewDeadlines deadlines;

    /**
     * @param departments every known department code: a task is joint when it has two of them
     * @param deadlines today's flag cut-offs
     */
    public StatisticsQuery(Selection selection, Set<Dimension> dimensions, List<String> departments, ReviewDeadlines deadlines) {
        this.selection = selection;
        this.dimensions = dimensions.isEmpty() ? EnumSet.noneOf(Dimension.class) : EnumSet.copyOf(dimensions);
        this.departments = List.copyOf(departments);
        this.deadlines = deadlines;
    }

    /** Tasks and draws belong to departments; with an agency selected they are not counted. */
    boolean departmentLevel() {
        return selection.agency() == null;
    }

    public List<Search> searches() {
        List<Search> searches = new ArrayList<>();
        if (departmentLevel()) {
            searches.add(tasks());
            searches.add(draws());
            searches.add(new Search(RULES, ResultQueries.all(), Map.of(), TERMS_SIZE));
        }
        searches.add(assignments());
        searches.add(results());
        searches.add(anomalies());
        return searches;
    }

    // ---- the searches ----

    Search tasks() {
        List<Query> filters = new ArrayList<>();
        if (selection.department() != null) {
            filters.add(ResultQueries.term("departments", selection.department()));
        }
        if (hasPeriod()) {
            Query byStart = ResultQueries.between("startDate", selection.from(), selection.to(), false);
            Query byCreation = Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field("startDate")))
                    .filter(ResultQueries.between("createdAt", selection.from(), selection.to(), true))));
            filters.add(Query.of(q -> q.bool(b -> b.should(byStart).should(byCreation).minimumShouldMatch("1"))));
        }
        Query joint = selection.department() != null ? jointFor(selection.department()) : jointAny();
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("joint", Aggregation.of(a -> a.filter(joint)));
        if (dimensions.contains(Dimension.MONTH)) {
            aggs.put("by_month", Aggregation.of(a -> a.dateHistogram(h -> h.field("startDate").calendarInterval(CalendarInterval.Month)
                    .format("yyyy-MM").minDocCount(1)).aggregations("joint", Aggregation.of(j -> j.filter(joint)))));
            // Tasks without a start date go by their creation month, as they do for the period.
            aggs.put("by_month_created", Aggregation.of(a -> a.filter(f -> f.bool(b -> b.mustNot(m -> m.exists(e -> e.field("startDate")))))
                    .aggregations("v", Aggregation.of(v -> v.dateHistogram(h -> h.field("createdAt").calendarInterval(CalendarInterval.Month)
                            .format("yyyy-MM").timeZone("+08:00").minDocCount(1)).aggregations("joint", Aggregation.of(j -> j.filter(joint)))))));
        }
        if (dimensions.contains(Dimension.DEPARTMENT)) {
            for (String code : departments) {
                if (selection.department() == null || selection.department().equals(code)) {
                    aggs.put("dep_" + code, Aggregation.of(a -> a.filter(ResultQueries.term("departments", code))
                            .aggregations("joint", Aggregation.of(j -> j.filter(jointFor(code))))));
                }
            }
        }
        return new Search(TASKS, ResultQueries.and(filters), aggs, 0);
    }

    /** A task of {@code code} that has at least one other known department. */
    Query jointFor(String code) {
        List<String> others = departments.stream().filter(c -> !c.equals(code)).toList();
        if (others.isEmpty()) {
            return Query.of(q -> q.matchNone(m -> m));
        }
        return Query.of(q -> q.bool(b -> b.filter(ResultQueries.term("departments", code)).filter(ResultQueries.terms("departments", others))));
    }

    /** A task with two or more known departments. */
    Query jointAny() {
        List<Query> any = departments.stream().map(this::jointFor).toList();
        if (any.isEmpty()) {
            return Query.of(q -> q.matchNone(m -> m));
        }
        return Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
    }

    Search draws() {
        List<Query> filters = new ArrayList<>();
        if (selection.department() != null) {
            filters.add(ResultQueries.term("drawnByDepartment", selection.department()));
        }
        if (hasPeriod()) {
            filters.add(ResultQueries.between("drawnAt", selection.from(), selection.to(), true));
        }
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("rules", rules());
        if (dimensions.contains(Dimension.MONTH)) {
            aggs.put("by_month", Aggregation.of(a -> a.dateHistogram(h -> h.field("drawnAt").calendarInterval(CalendarInterval.Month)
                    .format("yyyy-MM").timeZone("+08:00").minDocCount(1)).aggregations("rules", rules())));
        }
        if (dimensions.contains(Dimension.DEPARTMENT)) {
            aggs.put("by_department", Aggregation.of(a -> a.terms(t -> t.field("drawnByDepartment").size(TERMS_SIZE))
                    .aggregations("rules", rules())));
        }
        return new Search(DRAWS, ResultQueries.and(filters), aggs, 0);
    }

    private static Aggregation rules() {
        return Aggregation.of(a -> a.terms(t -> t.field("creditRuleId").size(TERMS_SIZE)));
    }

    /**
     * Drawn subjects: the assignments in force, one per task, department and subject, counted where
     * they are now. A reassignment keeps the assignment it replaced as a history copy ({@code seq} > 0,
     * {@code replacedBy} set) and a subject that left the district stays MOVED_OUT with
     * {@code replacedBy} naming its substitute; neither is another drawn subject (the substitute is).
     */
    Search assignments() {
        List<Query> filters = departmentAndAgency("department", "agency");
        filters.add(inForce());
        if (hasPeriod()) {
            filters.add(ResultQueries.between("assignedAt", selection.from(), selection.to(), true));
        }
        return new Search(ASSIGNMENTS, ResultQueries.and(filters), countBreakdowns("assignedAt", true, Map.of()), 0);
    }

    Search results() {
        List<Query> filters = departmentAndAgency("department", "agency");
        if (hasPeriod()) {
            filters.add(ResultQueries.between("inspectionDate", selection.from(), selection.to(), false));
        }
        Map<String, Aggregation> figures = resultFigures();
        Map<String, Aggregation> aggs = new LinkedHashMap<>(figures);
        aggs.putAll(countBreakdowns("inspectionDate", false, figures));
        return new Search(RESULTS, ResultQueries.and(filters), aggs, 0);
    }

    /** Not a history copy and not replaced. */
    static Query inForce() {
        return Query.of(q -> q.bool(b -> b
                .mustNot(m -> m.range(r -> r.untyped(u -> u.field("seq").gt(co.elastic.clients.json.JsonData.of(0)))))
                .mustNot(m -> m.exists(e -> e.field("replacedBy")))));
    }

    /** Listings opened from results, except those a corrected result cancelled. */
    Search anomalies() {
        List<Query> filters = departmentAndAgency("department", "agency");
        filters.add(Query.of(q -> q.bool(b -> b.mustNot(ResultQueries.term("status", "CANCELLED")))));
        if (hasPeriod()) {
            filters.add(ResultQueries.between("openedAt", selection.from(), selection.to(), true));
        }
        return new Search(ANOMALIES, ResultQueries.and(filters), countBreakdowns("openedAt", true, Map.of()), 0);
    }

    /** The figures every results cell carries. */
    Map<String, Aggregation> resultFigures() {
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("joint", Aggregation.of(a -> a.filter(ResultQueries.term("joint", true))));
        aggs.put("subjects", Aggregation.of(a -> a.cardinality(c -> c.field("subjectCode").precisionThreshold(PRECISION))));
        aggs.put("problems", Aggregation.of(a -> a.filter(ResultQueries.term("problemFound", true))));
        aggs.put("phone", Aggregation.of(a -> a.filter(ResultQueries.term("channel", "PHONE"))));
        aggs.put("published", Aggregation.of(a -> a.filter(ResultQueries.term("status", "PUBLISHED"))
                .aggregations("closed", Aggregation.of(c -> c.filter(closed())))));
        aggs.put("items", Aggregation.of(a -> a.cardinality(c -> c.field("itemCodes").precisionThreshold(PRECISION))));
        aggs.put("yellow", Aggregation.of(a -> a.filter(ResultQueries.yellow(deadlines))));
        aggs.put("red", Aggregation.of(a -> a.filter(ResultQueries.red(deadlines))));
        return aggs;
    }

    /**
     * 完结: every follow-up measure done ({@code followUpsClosed}), or no follow-up needed at all (no
     * measure recorded: {@code followUpCount} 0 or absent).
     */
    static Query closed() {
        return Query.of(q -> q.bool(b -> b
                .should(ResultQueries.term("followUpsClosed", true))
                .should(s -> s.bool(n -> n.mustNot(m -> m.range(r -> r.untyped(u -> u.field("followUpCount")
                        .gt(co.elastic.clients.json.JsonData.of(0)))))))
                .minimumShouldMatch("1")));
    }

    private Map<String, Aggregation> countBreakdowns(String dateField, boolean instant, Map<String, Aggregation> sub) {
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        if (dimensions.contains(Dimension.MONTH)) {
            aggs.put("by_month", Aggregation.of(a -> a.dateHistogram(h -> {
                h.field(dateField).calendarInterval(CalendarInterval.Month).format("yyyy-MM").minDocCount(1);
                if (instant) {
                    h.timeZone("+08:00");
                }
                return h;
            }).aggregations(sub)));
        }
        if (dimensions.contains(Dimension.DEPARTMENT)) {
            aggs.put("by_department", Aggregation.of(a -> a.terms(t -> t.field("department").size(TERMS_SIZE)).aggregations(sub)));
        }
        if (dimensions.contains(Dimension.AGENCY)) {
            aggs.put("by_agency", Aggregation.of(a -> a.terms(t -> t.field("agency").size(TERMS_SIZE)).aggregations(sub)));
        }
        return aggs;
    }

    private List<Query> departmentAndAgency(String departmentField, String agencyField) {
        List<Query> filters = new ArrayList<>();
        if (selection.department() != null) {
            filters.add(ResultQueries.term(departmentField, selection.department()));
        }
        if (selection.agency() != null) {
            filters.add(ResultQueries.term(agencyField, selection.agency()));
        }
        return filters;
    }

    private boolean hasPeriod() {
        return selection.from() != null || selection.to() != null;
    }

    // ---- reading the answers ----

    /** @param answers one per {@link #searches()}, in the same order */
    public Outcome read(List<Answer> answers) {
        int i = 0;
        Answer tasks = departmentLevel() ? answers.get(i++) : null;
        Answer draws = departmentLevel() ? answers.get(i++) : null;
        Answer rules = departmentLevel() ? answers.get(i++) : null;
        Answer assignments = answers.get(i++);
        Answer results = answers.get(i++);
        Answer anomalies = answers.get(i);
        Map<String, Boolean> stratified = rules == null ? Map.of() : stratifiedRules(rules.sources());

        Figures totals = departmentLevel() ? Figures.ZERO : Figures.ZERO.withTasks(null, null).withDraws(null, null);
        if (tasks != null) {
            totals = totals.withTasks(tasks.total(), tasks.aggregations().get("joint").filter().docCount());
            long[] withRule = ruleCounts(draws.aggregations().get("rules"), stratified);
            totals = totals.withDraws(withRule[0], withRule[1]);
        }
        totals = totals.withDrawn(assignments.total()).withAnomalyListings(anomalies.total());
        totals = withResults(totals, results.total(), results.aggregations());

        Map<Dimension, Map<String, Figures>> rows = new LinkedHashMap<>();
        for (Dimension dimension : dimensions) {
            Map<String, Figures> cells = new TreeMap<>();
            Figures blank = dimension == Dimension.AGENCY || !departmentLevel() ? Figures.ZERO.withTasks(null, null).withDraws(null, null)
                    : Figures.ZERO;
            String key = switch (dimension) {
                case MONTH -> "by_month";
                case DEPARTMENT -> "by_department";
                case AGENCY -> "by_agency";
            };
            if (tasks != null && dimension == Dimension.MONTH) {
                BiFunction<String, BucketView, Void> addTasks = (k, b) -> {
                    Figures f = cells.getOrDefault(k, blank);
                    cells.put(k, f.withTasks(f.tasks() + b.count, f.jointTasks() + b.aggs.get("joint").filter().docCount()));
                    return null;
                };
                eachBucket(tasks.aggregations().get(key), addTasks);
                eachBucket(tasks.aggregations().get("by_month_created").filter().aggregations().get("v"), addTasks);
            }
            if (tasks != null && dimension == Dimension.DEPARTMENT) {
                for (Map.Entry<String, Aggregate> e : tasks.aggregations().entrySet()) {
                    if (e.getKey().startsWith("dep_") && e.getValue().filter().docCount() > 0) {
                        String code = e.getKey().substring(4);
                        cells.put(code, cells.getOrDefault(code, blank).withTasks(e.getValue().filter().docCount(),
                                e.getValue().filter().aggregations().get("joint").filter().docCount()));
                    }
                }
            }
            if (draws != null && dimension != Dimension.AGENCY) {
                eachBucket(draws.aggregations().get(key), (k, b) -> {
                    long[] r = ruleCounts(b.aggs.get("rules"), stratified);
                    cells.put(k, cells.getOrDefault(k, blank).withDraws(r[0], r[1]));
                    return null;
                });
            }
            eachBucket(assignments.aggregations().get(key), (k, b) -> {
                cells.put(k, cells.getOrDefault(k, blank).withDrawn(b.count));
                return null;
            });
            eachBucket(anomalies.aggregations().get(key), (k, b) -> {
                cells.put(k, cells.getOrDefault(k, blank).withAnomalyListings(b.count));
                return null;
            });
            eachBucket(results.aggregations().get(key), (k, b) -> {
                cells.put(k, withResults(cells.getOrDefault(k, blank), b.count, b.aggs));
                return null;
            });
            rows.put(dimension, cells);
        }
        return new Outcome(totals, rows);
    }

    private static Figures withResults(Figures f, long visits, Map<String, Aggregate> a) {
        Aggregate published = a.get("published");
        return f.withResults(visits, a.get("joint").filter().docCount(), Math.round(a.get("subjects").cardinality().value()),
                a.get("problems").filter().docCount(), a.get("phone").filter().docCount(), published.filter().docCount(),
                published.filter().aggregations().get("closed").filter().docCount(), Math.round(a.get("items").cardinality().value()),
                a.get("yellow").filter().docCount(), a.get("red").filter().docCount());
    }

    /** [draws, draws whose credit rule weights the classes differently]. */
    private static long[] ruleCounts(Aggregate terms, Map<String, Boolean> stratified) {
        long all = 0;
        long used = 0;
        for (StringTermsBucket b : terms.sterms().buckets().array()) {
            all += b.docCount();
            if (stratified.getOrDefault(b.key().stringValue(), true)) {
                used += b.docCount();
            }
        }
        return new long[] {all + terms.sterms().sumOtherDocCount(), used};
    }

    /**
     * A credit rule "is used" when it weights the classes differently: a rule with the same share for
     * every class (or none) is a plain random draw under another name. A draw naming a rule that no
     * longer exists counts as using one.
     */
    static Map<String, Boolean> stratifiedRules(List<Map<String, Object>> rules) {
        Map<String, Boolean> result = new LinkedHashMap<>();
        for (Map<String, Object> rule : rules) {
            Object ratios = rule.get("ratios");
            boolean stratified = false;
            if (ratios instanceof Map<?, ?> m) {
                stratified = m.values().stream().map(v -> v == null ? null : ((Number) v).doubleValue()).distinct().count() > 1;
            }
            result.put(String.valueOf(rule.get("id")), stratified);
        }
        return result;
    }

    private record BucketView(long count, Map<String, Aggregate> aggs) {}

    private static void eachBucket(Aggregate agg, BiFunction<String, BucketView, Void> each) {
        if (agg == null) {
            return;
        }
        if (agg.isDateHistogram()) {
            for (DateHistogramBucket b : agg.dateHistogram().buckets().array()) {
                each.apply(b.keyAsString(), new BucketView(b.docCount(), b.aggregations()));
            }
        } else if (agg.isSterms()) {
            for (StringTermsBucket b : agg.sterms().buckets().array()) {
                each.apply(b.key().stringValue(), new BucketView(b.docCount(), b.aggregations()));
            }
        }
    }
}
