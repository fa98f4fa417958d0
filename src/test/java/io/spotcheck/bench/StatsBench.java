package io.spotcheck.bench;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.review.ReviewDeadlines;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.stats.StatisticsQuery;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A year of the district's statistics ({@value ResultsDataset#STATS_YEAR} of the {@link ResultsDataset}:
 * ≈15,000 results at 10^6 subjects, proportionally more at other sizes, with their tasks, draws, assignments and anomaly listings, in indices holding seven
 * years): every figure of {@code statistics} — totals and the breakdowns by agency, month and department —
 * in ONE GraphQL request, against the raw aggregation requests the server needs for it, built by the
 * server's own {@link StatisticsQuery} and sent one after another (the server sends them together in one
 * msearch). Interleaved blocks after a warm-up, one client. Target: p50 ≤ 1.5 × the sequential raw requests.
 */
final class StatsBench implements BenchSection {

    static final String FIGURES = """
            { tasks jointTasks crossDepartmentRateByTasks subjectVisits jointSubjectVisits crossDepartmentRateByVisits draws
              drawsWithCreditRule creditRuleUseRate subjectsInspected problemsFound problemDetectionRate mobileEntries mobileEntryRate
              drawn published completionRate publishedClosed closureRate itemsCovered yellowFlags redFlags anomalyListings }""";

    static final String QUERY = "query($from: Date!, $to: Date!) { statistics(from: $from, to: $to) { department agency from to asOf\n"
            + "  totals " + FIGURES + "\n"
            + "  byAgency: breakdown(by: AGENCY) { key label figures " + FIGURES + " }\n"
            + "  byMonth: breakdown(by: MONTH) { key label figures " + FIGURES + " }\n"
            + "  byDepartment: breakdown(by: DEPARTMENT) { key label figures " + FIGURES + " } } }";

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public void run(BenchContext bench) throws Exception {
        // Results proportional to the directory (the district's at 10^6, a province's at 10^7), as the growth and load sections.
        new ResultsDataset(bench, GrowthBench.resultsScale(bench)).ensureLoaded();
        LocalDate from = LocalDate.of(ResultsDataset.STATS_YEAR, 1, 1);
        LocalDate to = LocalDate.of(ResultsDataset.STATS_YEAR, 12, 31);
        Map<String, Object> variables = Map.of("from", from.toString(), "to", to.toString());
        // The district as a whole: a platform administrator, all departments.
        String token = bench.adminToken;
        String reviewer = DevTokens.mint(BenchContext.devSigningKey(),
                new DevTokens.Spec("benchreview", "bench", "SCJG", "SCJG-BUREAU", List.of(Role.AGENCY_REVIEWER)));
        ReviewDeadlines deadlines = ReviewBench.serverDeadlines(bench, reviewer);

        StatisticsQuery query = districtYear(bench, deadlines);
        JacksonJsonpMapper mapper = new JacksonJsonpMapper(BenchContext.STORED);
        List<String[]> raw = new ArrayList<>();
        for (StatisticsQuery.Search s : query.searches()) {
            SearchRequest request = SearchRequest.of(b -> {
                b.size(s.size()).trackTotalHits(t -> t.enabled(true)).query(s.query());
                if (!s.aggregations().isEmpty()) {
                    b.aggregations(s.aggregations());
                }
                return b;
            });
            raw.add(new String[] {bench.es + "/" + bench.alias(s.index()) + "/_search?typed_keys=true", JsonpUtils.toJsonString(request, mapper)});
        }
        Callable<JsonNode> ours = () -> bench.graphql(token, QUERY, variables);
        Callable<List<JsonNode>> anchor = () -> {
            List<JsonNode> answers = new ArrayList<>();
            for (String[] r : raw) {
                answers.add(ReviewBench.post(r[0], r[1]));
            }
            return answers;
        };

        // Same answer both ways.
        JsonNode stats = ours.call().path("statistics");
        JsonNode totals = stats.path("totals");
        List<JsonNode> answers = anchor.call();
        Map<String, JsonNode> byIndex = new java.util.LinkedHashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            byIndex.put(query.searches().get(i).index(), answers.get(i));
        }
        check("tasks", totals.path("tasks").asLong(), byIndex.get("tasks"));
        check("subjectVisits", totals.path("subjectVisits").asLong(), byIndex.get("results"));
        check("drawn", totals.path("drawn").asLong(), byIndex.get("assignments"));
        check("anomalyListings", totals.path("anomalyListings").asLong(), byIndex.get("anomaly_listings"));
        bench.report.note(String.format(Locale.ROOT, "stats %d (district, all departments): %,d subject-visits, %,d tasks (%,d joint), %,d draws, "
                        + "%,d drawn, %,d anomaly listings; %d agency, %d month and %d department rows. Rates: cross-department %.2f %% by tasks, "
                        + "%.2f %% by visits; credit rule %.2f %%; problems %.1f %%; mobile %.2f %%; completion %.1f %%; closure %.1f %%; "
                        + "%,d red flags today. The server sends %d size-0 searches (%s) in one msearch; the anchor sends the same %d one after another",
                ResultsDataset.STATS_YEAR, totals.path("subjectVisits").asLong(), totals.path("tasks").asLong(), totals.path("jointTasks").asLong(),
                totals.path("draws").asLong(), totals.path("drawn").asLong(), totals.path("anomalyListings").asLong(), stats.path("byAgency").size(),
                stats.path("byMonth").size(), stats.path("byDepartment").size(), pct(totals, "crossDepartmentRateByTasks"),
                pct(totals, "crossDepartmentRateByVisits"), pct(totals, "creditRuleUseRate"), pct(totals, "problemDetectionRate"),
                pct(totals, "mobileEntryRate"), pct(totals, "completionRate"), pct(totals, "closureRate"), totals.path("redFlags").asLong(),
                raw.size(), String.join(", ", query.searches().stream().map(StatisticsQuery.Search::index).toList()), raw.size()));

        BenchSupport.warmUp(90, 400, ours, anchor);
        Callable<JsonNode> floor = () -> bench.graphql(token, "{ __typename }", Map.of());
        List<Double> o = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        List<Double> f = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            if (b % 2 == 0) {
                o.addAll(BenchSupport.load(1, 20, ours));
                r.addAll(BenchSupport.load(1, 20, anchor));
            } else {
                r.addAll(BenchSupport.load(1, 20, anchor));
                o.addAll(BenchSupport.load(1, 20, ours));
            }
            f.addAll(BenchSupport.load(1, 10, floor));
        }
        BenchSupport.Percentiles po = BenchSupport.Percentiles.of(o);
        BenchSupport.Percentiles pr = BenchSupport.Percentiles.of(r);
        BenchSupport.Percentiles pf = BenchSupport.Percentiles.of(f);
        double ratio = po.p50() / pr.p50();
        bench.report.note(String.format(Locale.ROOT, "stats: ours − raw = %.1f ms at p50; a trivial `{ __typename }` in the same blocks takes %.1f ms "
                + "(p50 of %d); the answer has %d fields (graphql-java completes each)", po.p50() - pr.p50(), pf.p50(), pf.n(),
                23 * (1 + stats.path("byAgency").size() + stats.path("byMonth").size() + stats.path("byDepartment").size())));
        bench.report.add(new BenchReport.Row("stats", String.format(Locale.ROOT,
                "statistics p50, a year of the district, every figure + 3 breakdowns in one request (%d requests each side)", po.n()),
                String.format(Locale.ROOT, "%.1f ms (p95 %.1f)", po.p50(), po.p95()),
                String.format(Locale.ROOT, "%d raw searches in sequence %.1f ms (p95 %.1f)", raw.size(), pr.p50(), pr.p95()), ratio,
                "≤ 1.5 × raw", ratio <= 1.5, null));
    }

    static double pct(JsonNode totals, String field) {
        return totals.path(field).isNull() ? Double.NaN : 100 * totals.path(field).asDouble();
    }

    /**
     * The searches the server builds for the district's year {@value ResultsDataset#STATS_YEAR} as a platform
     * administrator sees it (all departments, every dimension): the anchor of this section and of the load mix.
     */
    static StatisticsQuery districtYear(BenchContext bench, ReviewDeadlines deadlines) throws Exception {
        List<String> departments = new ArrayList<>();
        bench.es("POST", "/" + bench.alias("departments") + "/_search", "{\"size\":1000,\"sort\":[{\"code\":\"asc\"}],\"_source\":[\"code\"]}")
                .path("hits").path("hits").forEach(h -> departments.add(h.path("_source").path("code").asText()));
        int year = ResultsDataset.STATS_YEAR;
        return new StatisticsQuery(new StatisticsQuery.Selection(null, null, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)),
                EnumSet.allOf(StatisticsQuery.Dimension.class), departments, deadlines);
    }

    static void check(String figure, long ours, JsonNode raw) {
        long total = raw.path("hits").path("total").path("value").asLong();
        if (ours != total) {
            throw new IllegalStateException("GraphQL " + figure + " " + ours + " differs from the raw request's " + total);
        }
    }
}
