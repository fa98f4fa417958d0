package io.spotcheck.bench;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.calendar.BundledCalendar;
import io.spotcheck.calendar.WorkingDayCalendar;
import io.spotcheck.review.ReviewDeadlines;
import io.spotcheck.review.ReviewQueue;
import io.spotcheck.review.ReviewQueueRequests;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The review queue (审核队列) over the {@link ResultsDataset} (≈200,000 results): a bureau-level reviewer of
 * market regulation filters by agency (each of the eight stations in turn), department and flag, and
 * reads the first page of 20 with every item field (flag, due dates, working days since inspection), the
 * exact total, both facets and the cut-offs — against the very request the server sends, captured from
 * {@link ReviewQueue} itself ({@link ReviewQueueRequests}) and posted raw. Both flags, their raw requests and a
 * trivial request are warmed up and measured as one interleaved mix, one client. Target: p50 ≤ 1.3 × raw.
 */
final class ReviewBench implements BenchSection {

    static final List<String> STATIONS = List.of("SCJG-S01", "SCJG-S02", "SCJG-S03", "SCJG-S04", "SCJG-S05", "SCJG-S06", "SCJG-S07",
            "SCJG-S08");

    static final String QUERY = """
            query($f: ReviewQueueFilter!) { reviewQueue(filter: $f, first: 20) {
              totalCount
              edges { node { id version taskId taskName department agency subjectCode subjectName subjectKind itemCodes
                resultCodes problemFound channel inspectionDate status submittedBy submittedAt reviewedBy reviewedAt reviewNote
                publishedAt flag reviewDue publicationDue workingDaysSinceInspection } }
              pageInfo { hasNextPage endCursor }
              facets { agency { value name count } flag { value count } }
              deadlines { today reviewWorkingDays publicationWorkingDays yellowCutoff redCutoff } } }""";

    @Override
    public String name() {
        return "review";
    }

    static Map<String, Object> variables(String agency, ReviewDeadlines.Flag flag) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("department", "SCJG");
        f.put("agency", agency);
        f.put("flag", flag.name());
        return Map.of("f", f);
    }

    @Override
    public void run(BenchContext bench) throws Exception {
        Map<String, Long> counts = new ResultsDataset(bench).ensureLoaded();
        String reviewer = DevTokens.mint(BenchContext.devSigningKey(),
                new DevTokens.Spec("benchreview", "bench", "SCJG", "SCJG-BUREAU", List.of(Role.AGENCY_REVIEWER)));
        ReviewDeadlines deadlines = serverDeadlines(bench, reviewer);
        String rawUrl = bench.es + "/" + bench.alias("results") + "/_search?typed_keys=true";
        JacksonJsonpMapper mapper = new JacksonJsonpMapper(BenchContext.STORED);

        List<ReviewDeadlines.Flag> flags = List.of(ReviewDeadlines.Flag.YELLOW, ReviewDeadlines.Flag.RED);
        Map<ReviewDeadlines.Flag, Callable<JsonNode>> ours = new LinkedHashMap<>();
        Map<ReviewDeadlines.Flag, Callable<JsonNode>> anchors = new LinkedHashMap<>();
        for (ReviewDeadlines.Flag flag : flags) {
            List<String> raw = new ArrayList<>();
            for (String station : STATIONS) {
                SearchRequest request = ReviewQueueRequests.firstPage(new IndexNames(BenchContext.PREFIX), deadlines,
                        new ReviewQueue.Filter(station, null, "SCJG", null, flag), 20);
                raw.add(JsonpUtils.toJsonString(request, mapper));
            }
            if (flag == ReviewDeadlines.Flag.YELLOW) {
                System.out.println("raw review-queue body: " + raw.get(0));
            }
            AtomicInteger oursNext = new AtomicInteger();
            AtomicInteger rawNext = new AtomicInteger();
            ours.put(flag, () -> bench.graphql(reviewer, QUERY, variables(STATIONS.get(oursNext.getAndIncrement() % STATIONS.size()), flag)));
            anchors.put(flag, () -> post(rawUrl, raw.get(rawNext.getAndIncrement() % raw.size())));
            checkSameAnswers(bench, counts, flag, ours.get(flag), anchors.get(flag));
        }
        // The floor: the same caller's trivial GraphQL request (HTTP, token, rate limiter, parse, validate), in the same blocks.
        Callable<JsonNode> floor = () -> bench.graphql(reviewer, "{ __typename }", Map.of());

        // Warmed up on exactly the mix measured below, both flags and the floor interleaved: after a warm-up on
        // one flag at a time without the floor, the JIT was still compiling the rest of the mix's paths while it
        // was measured.
        List<Callable<JsonNode>> mix = new ArrayList<>();
        for (ReviewDeadlines.Flag flag : flags) {
            mix.add(ours.get(flag));
            mix.add(anchors.get(flag));
        }
        mix.add(floor);
        BenchSupport.warmUpMix(90, 400, mix);

        // Sixteen blocks, each with a run of every leg; the order of the legs is reversed every other block,
        // so a drift in the machine's speed within a block weighs on every leg alike.
        List<Callable<JsonNode>> legs = List.of(ours.get(flags.get(0)), anchors.get(flags.get(0)), ours.get(flags.get(1)),
                anchors.get(flags.get(1)), floor);
        List<List<Double>> timings = new ArrayList<>();
        legs.forEach(leg -> timings.add(new ArrayList<>()));
        for (int b = 0; b < 16; b++) {
            for (int i = 0; i < legs.size(); i++) {
                int leg = b % 2 == 0 ? i : legs.size() - 1 - i;
                timings.get(leg).addAll(BenchSupport.load(1, leg == legs.size() - 1 ? 10 : 25, legs.get(leg)));
            }
        }
        BenchSupport.Percentiles pf = BenchSupport.Percentiles.of(timings.get(legs.size() - 1));
        for (int k = 0; k < flags.size(); k++) {
            ReviewDeadlines.Flag flag = flags.get(k);
            BenchSupport.Percentiles po = BenchSupport.Percentiles.of(timings.get(2 * k));
            BenchSupport.Percentiles pr = BenchSupport.Percentiles.of(timings.get(2 * k + 1));
            double ratio = po.p50() / pr.p50();
            bench.report.note(String.format(Locale.ROOT, "review %s: ours − raw = %.1f ms at p50; a trivial `{ __typename }` by the same caller "
                    + "in the same blocks takes %.1f ms (p50 of %d): the part of the difference any GraphQL request pays", flag,
                    po.p50() - pr.p50(), pf.p50(), pf.n()));
            bench.report.add(new BenchReport.Row("review", String.format(Locale.ROOT,
                    "reviewQueue p50, agency + department + flag %s, first 20 with facets (%d requests each side)", flag, po.n()),
                    String.format(Locale.ROOT, "%.1f ms (p95 %.1f)", po.p50(), po.p95()),
                    String.format(Locale.ROOT, "raw ES %.1f ms (p95 %.1f)", pr.p50(), pr.p95()), ratio, "≤ 1.3 × raw", ratio <= 1.3, null));
        }
    }

    /** Same answer both ways, for every station; notes what the filter matches. */
    private static void checkSameAnswers(BenchContext bench, Map<String, Long> counts, ReviewDeadlines.Flag flag, Callable<JsonNode> ours,
            Callable<JsonNode> anchor) throws Exception {
        long matched = 0;
        long rows = 0;
        for (int i = 0; i < STATIONS.size(); i++) {
            JsonNode q = ours.call().path("reviewQueue");
            JsonNode r = anchor.call();
            long total = q.path("totalCount").asLong();
            if (total != r.path("hits").path("total").path("value").asLong()) {
                throw new IllegalStateException("GraphQL total " + total + " differs from the raw request's " + r.path("hits").path("total"));
            }
            for (JsonNode edge : q.path("edges")) {
                if (!flag.name().equals(edge.path("node").path("flag").asText())) {
                    throw new IllegalStateException("a " + flag + " filter answered a " + edge.path("node").path("flag") + " result");
                }
                rows++;
            }
            matched += total;
        }
        bench.report.note(String.format(Locale.ROOT, "review %s: department SCJG + one of its 8 stations + flag %s matches %,d results on average "
                        + "(of %,d in the index; %d rows on the first pages, all flagged %s); the request carries the exact total, the "
                        + "agency facet (terms) and the flag facet (3 filters), each over the department's results",
                flag, flag, matched / STATIONS.size(), counts.get("results"), rows, flag));
    }

    /** The cut-offs the server computes today, checked against the same calendar here. */
    static ReviewDeadlines serverDeadlines(BenchContext bench, String token) throws Exception {
        JsonNode d = bench.graphql(token, QUERY, variables(STATIONS.get(0), ReviewDeadlines.Flag.NONE)).path("reviewQueue").path("deadlines");
        ReviewDeadlines local = new ReviewDeadlines(new WorkingDayCalendar(BundledCalendar.load(BenchSupport.JSON)),
                LocalDate.parse(d.path("today").asText()), d.path("reviewWorkingDays").asInt(), d.path("publicationWorkingDays").asInt());
        if (!local.yellowCutoff().toString().equals(d.path("yellowCutoff").asText()) || !local.redCutoff().toString().equals(d.path("redCutoff").asText())) {
            throw new IllegalStateException("the server's cut-offs " + d + " differ from the bundled calendar's " + local.yellowCutoff() + "/"
                    + local.redCutoff() + " (an administrator-set calendar year?)");
        }
        return local;
    }

    static JsonNode post(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = BenchSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("raw request " + response.statusCode() + ": " + response.body());
        }
        return BenchSupport.JSON.readTree(response.body());
    }
}
