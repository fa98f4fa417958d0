package io.spotcheck.bench;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectFilter;
import io.spotcheck.subject.SubjectSearch;
import io.spotcheck.subject.SubjectSort;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typical faceted search — free text, 3 filters (licence, status, credit class), 6 facets, 20
 * hits and the exact total — through GraphQL, against the very request the server sends to
 * Elasticsearch, built by {@link SubjectSearch#request} (the server's own builder) and posted
 * raw. p50 at 1 and at 16 concurrent clients, in alternating blocks. Target (#24): p50 ≤ 1.15 × raw.
 */
final class SearchBench implements BenchSection {

    static final List<String> TEXTS = List.of("餐饮", "饭店", "超市", "食品", "小吃", "便利店", "茶", "酒");

    static final String QUERY = """
            query($f: SubjectFilter!) { subjects(filter: $f, first: 20) {
              totalCount
              edges { node { code name type status regionCode address risk { comprehensive } } }
              facets { kind { value count } type { value count } status { value count } jurisdiction { value count }
                       riskClass { value count } tags { value count } } } }""";

    @Override
    public String name() {
        return "search";
    }

    @Override
    public boolean needsDataset() {
        return true;
    }

    static SubjectFilter filter(String text) {
        return new SubjectFilter(text, null, null, null, null, List.of("ACTIVE"), null, null, null, null, List.of("A", "B"), null,
                null, null, null, List.of("FOOD_BUSINESS"), null, null, null, null, null, null, null, null, null);
    }

    static Map<String, Object> variables(String text) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("text", text);
        f.put("licences", List.of("FOOD_BUSINESS"));
        f.put("statuses", List.of("ACTIVE"));
        f.put("riskClasses", List.of("A", "B"));
        return Map.of("f", f);
    }

    /** The request body the server sends for this filter, from the server's own builder. */
    static String rawBody(String text) {
        SubjectSearch builder = new SubjectSearch(null, new IndexNames(BenchContext.PREFIX), "bench-cursor-secret");
        SubjectFilter filter = filter(text);
        SearchRequest request = builder.request(filter, SubjectSort.orDefault(null, filter), 20, null, null,
                new SubjectSearch.Wants(true, true, List.of(), false));
        return JsonpUtils.toJsonString(request, new JacksonJsonpMapper(BenchContext.STORED));
    }

    @Override
    public void run(BenchContext bench) throws Exception {
        List<String> raw = TEXTS.stream().map(SearchBench::rawBody).toList();
        String rawUrl = bench.es + "/" + bench.alias("subjects") + "/_search?typed_keys=true";
        System.out.println("raw search body: " + raw.get(0));
        AtomicInteger oursNext = new AtomicInteger();
        AtomicInteger rawNext = new AtomicInteger();
        Callable<JsonNode> ours = () -> bench.graphql(bench.searchToken, QUERY, variables(TEXTS.get(oursNext.getAndIncrement() % TEXTS.size())));
        Callable<JsonNode> anchor = () -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(rawUrl)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(raw.get(rawNext.getAndIncrement() % raw.size()))).build();
            HttpResponse<String> response = BenchSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("raw search " + response.statusCode() + ": " + response.body());
            }
            return BenchSupport.JSON.readTree(response.body());
        };
        // Same answer both ways.
        long total = ours.call().path("subjects").path("totalCount").asLong();
        long rawTotal = anchor.call().path("hits").path("total").path("value").asLong();
        if (total != rawTotal) {
            throw new IllegalStateException("GraphQL total " + total + " differs from the raw request's " + rawTotal);
        }
        bench.report.note(String.format(Locale.ROOT, "search: text \"%s\" + licence FOOD_BUSINESS + ACTIVE + class A/B matches %,d of %,d; "
                + "the server asks ES for 7 facet aggregations (it computes every facet once any is selected), the GraphQL query reads 6", TEXTS.get(0), total, bench.subjects));
        // As the review and stats sections do: the server's JIT needs far more calls than 40 before its timings settle.
        BenchSupport.warmUp(90, 400, ours, anchor);
        for (int clients : new int[] {1, 16}) {
            int blocks = clients == 1 ? 6 : 4;
            int perClient = clients == 1 ? 25 : 8;
            List<Double> o = new ArrayList<>();
            List<Double> r = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                if (b % 2 == 0) {
                    o.addAll(BenchSupport.load(clients, perClient, ours));
                    r.addAll(BenchSupport.load(clients, perClient, anchor));
                } else {
                    r.addAll(BenchSupport.load(clients, perClient, anchor));
                    o.addAll(BenchSupport.load(clients, perClient, ours));
                }
            }
            BenchSupport.Percentiles po = BenchSupport.Percentiles.of(o);
            BenchSupport.Percentiles pr = BenchSupport.Percentiles.of(r);
            double ratio = po.p50() / pr.p50();
            bench.report.add(new BenchReport.Row("search", String.format(Locale.ROOT, "faceted search p50, %d client%s (%d requests each side)",
                    clients, clients == 1 ? "" : "s", po.n()), String.format(Locale.ROOT, "%.1f ms (p95 %.1f)", po.p50(), po.p95()),
                    String.format(Locale.ROOT, "raw ES %.1f ms (p95 %.1f)", pr.p50(), pr.p95()), ratio, "≤ 1.15 × raw", ratio <= 1.15, null));
        }
    }
}
