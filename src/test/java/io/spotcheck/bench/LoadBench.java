package io.spotcheck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.result.Result;
import io.spotcheck.review.ReviewDeadlines;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.seed.SubjectGenerator;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sustained mixed load: 32 concurrent clients for 60 s (BENCH_LOAD_CLIENTS, BENCH_LOAD_SECONDS) against the server
 * on the {@code --subjects N} directory and the results dataset, each client picking its next request
 * by weight: faceted subject search 35 %, task read 20 %, result entry (submitResult) 20 %, the review
 * queue 15 %, a year's statistics 10 %. Result entry goes to assignments prepared beforehand (one
 * IN_PROGRESS task of market regulation with {@value #PREPARED} ASSIGNED subjects, bulk-written like the
 * results dataset), each client taking the next unused one, so every write is a first submission.
 *
 * <p>Counted: every HTTP status, every GraphQL error by {@code extensions.code} (INTERNAL would be
 * a server fault), latency per operation. Targets: no 5xx, no INTERNAL error, and no lost write —
 * after the run every acknowledged result (HTTP 200, no errors, a result in the payload) is read back
 * from Elasticsearch by its id and compared with what was sent (result codes, item row, inspection
 * date, inspectors, channel, status SUBMITTED).
 */
final class LoadBench implements BenchSection {

    static final int CLIENTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_LOAD_CLIENTS", "32"));
    static final int SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_LOAD_SECONDS", "60"));
    static final int PREPARED = 40_000;
    static final String DEPARTMENT = "SCJG";
    static final String ITEM = "SCJG-002";
    static final List<String> INSPECTORS = List.of("BL-I-01", "BL-I-02");

    static final String SUBMIT = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id version status resultCodes } "
            + "errors { code message field } } }";
    static final String TASK = "query($id:String!){ task(id:$id){ id name status leadDepartment departments startDate endDate "
            + "parts { department itemCodes expectedOnSiteMinutes } } }";

    enum Op { SEARCH, TASK_READ, SUBMIT_RESULT, REVIEW_QUEUE, STATISTICS }

    static final int[] WEIGHTS = {35, 20, 20, 15, 10};

    record Ack(String subjectCode, List<String> resultCodes, boolean problem, String inspectionDate) {}

    @Override
    public String name() {
        return "load";
    }

    @Override
    public boolean needsDataset() {
        return true;
    }

    @Override
    public void run(BenchContext bench) throws Exception {
        new ResultsDataset(bench, GrowthBench.resultsScale(bench)).ensureLoaded();
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        String taskId = "BL-LOAD-" + run;
        LocalDate today = LocalDate.now(ResultsDataset.CHINA);
        List<String> codes = prepare(bench, taskId, today);
        List<String> taskIds = new ArrayList<>();
        bench.es("POST", "/" + bench.alias("tasks") + "/_search", "{\"size\":200,\"_source\":false,\"query\":{\"bool\":{\"filter\":[{\"prefix\":{\"id\":\"BR-\"}},"
                + "{\"term\":{\"departments\":\"SCJG\"}}]}}}")
                .path("hits").path("hits").forEach(h -> taskIds.add(h.path("_id").asText()));
        taskIds.add(taskId);

        String reviewer = DevTokens.mint(BenchContext.devSigningKey(),
                new DevTokens.Spec("benchreview", "bench", "SCJG", "SCJG-BUREAU", List.of(Role.AGENCY_REVIEWER)));
        String year = Integer.toString(ResultsDataset.STATS_YEAR);
        Map<String, Object> statsVariables = Map.of("from", year + "-01-01", "to", year + "-12-31");

        Map<Op, ConcurrentLinkedQueue<Double>> latency = new ConcurrentHashMap<>();
        for (Op op : Op.values()) {
            latency.put(op, new ConcurrentLinkedQueue<>());
        }
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
        Map<Op, LongAdder> failures = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        AtomicInteger nextAssignment = new AtomicInteger();
        AtomicInteger refusedWrites = new AtomicInteger();
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        String inspectionDate = today.minusDays(1).toString();

        System.out.printf(Locale.ROOT, "load: %d clients for %d s, task %s with %,d prepared assignments%n", CLIENTS, SECONDS, taskId, codes.size());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(1000 + client);
                int done = 0;
                while (System.nanoTime() < deadline) {
                    Op op = pick(random);
                    String token = bench.searchToken;
                    String query;
                    Map<String, Object> variables;
                    Ack ack = null;
                    switch (op) {
                        case SEARCH -> {
                            query = SearchBench.QUERY;
                            variables = SearchBench.variables(SearchBench.TEXTS.get(random.nextInt(SearchBench.TEXTS.size())));
                        }
                        case TASK_READ -> {
                            query = TASK;
                            variables = Map.of("id", taskIds.get(random.nextInt(taskIds.size())));
                            token = bench.operatorToken;
                        }
                        case SUBMIT_RESULT -> {
                            int i = nextAssignment.getAndIncrement();
                            if (i >= codes.size()) {
                                continue;
                            }
                            int kind = random.nextInt(3);
                            List<String> resultCodes = kind == 0 ? List.of("NO_PROBLEM") : kind == 1 ? List.of("PROBLEM_CORRECTED")
                                    : List.of("PROBLEM_PENDING", "UNDISCLOSED_INFORMATION");
                            ack = new Ack(codes.get(i), resultCodes, kind != 0, inspectionDate);
                            query = SUBMIT;
                            variables = Map.of("in", input(taskId, ack));
                            token = bench.operatorToken;
                        }
                        case REVIEW_QUEUE -> {
                            query = ReviewBench.QUERY;
                            ReviewDeadlines.Flag[] flags = ReviewDeadlines.Flag.values();
                            variables = ReviewBench.variables(ReviewBench.STATIONS.get(random.nextInt(ReviewBench.STATIONS.size())),
                                    flags[random.nextInt(flags.length)]);
                            token = reviewer;
                        }
                        default -> {
                            query = StatsBench.QUERY;
                            variables = statsVariables;
                            token = bench.adminToken;
                        }
                    }
                    long t0 = System.nanoTime();
                    String status;
                    JsonNode json = null;
                    try {
                        HttpResponse<String> response = post(bench.url, token, query, variables);
                        status = Integer.toString(response.statusCode());
                        if (response.statusCode() == 200) {
                            json = BenchSupport.JSON.readTree(response.body());
                        } else if (samples.size() < 5) {
                            samples.add(op + " " + status + ": " + abbreviate(response.body()));
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        status = "transport:" + e.getClass().getSimpleName();
                        if (samples.size() < 5) {
                            samples.add(op + " " + e);
                        }
                    }
                    latency.get(op).add((System.nanoTime() - t0) / 1e6);
                    statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                    boolean ok = json != null && !json.has("errors");
                    if (json != null && json.has("errors")) {
                        for (JsonNode e : json.get("errors")) {
                            errorCodes.computeIfAbsent(e.path("extensions").path("code").asText(e.path("extensions").path("classification")
                                    .asText("NONE")), k -> new LongAdder()).increment();
                        }
                        if (samples.size() < 5) {
                            samples.add(op + " errors: " + abbreviate(json.get("errors").toString()));
                        }
                    }
                    if (ok && ack != null) {
                        JsonNode payload = json.path("data").path("submitResult");
                        if (payload.path("errors").isEmpty() && payload.path("result").hasNonNull("id")) {
                            acks.add(ack);
                        } else {
                            ok = false;
                            refusedWrites.incrementAndGet();
                            if (samples.size() < 5) {
                                samples.add("submitResult refused: " + abbreviate(payload.toString()));
                            }
                        }
                    }
                    if (!ok) {
                        failures.computeIfAbsent(op, k -> new LongAdder()).increment();
                    }
                    done++;
                }
                return done;
            }));
        }
        long requests = 0;
        for (Future<Integer> f : clients) {
            requests += f.get();
        }
        pool.shutdown();

        // Read back every acknowledged write, straight from the index, by its id.
        List<Ack> acknowledged = new ArrayList<>(acks);
        int lost = 0;
        int differs = 0;
        List<String> lostSamples = new ArrayList<>();
        for (int from = 0; from < acknowledged.size(); from += 1000) {
            List<Ack> batch = acknowledged.subList(from, Math.min(acknowledged.size(), from + 1000));
            List<String> ids = batch.stream().map(a -> Result.id(taskId, DEPARTMENT, a.subjectCode())).toList();
            JsonNode docs = bench.es("POST", "/" + bench.alias("results") + "/_mget", BenchSupport.JSON.writeValueAsString(Map.of("ids", ids)))
                    .path("docs");
            for (int i = 0; i < batch.size(); i++) {
                Ack a = batch.get(i);
                JsonNode doc = docs.get(i);
                if (!doc.path("found").asBoolean(false)) {
                    lost++;
                    if (lostSamples.size() < 5) {
                        lostSamples.add("missing " + ids.get(i));
                    }
                    continue;
                }
                JsonNode s = doc.path("_source");
                List<String> storedCodes = new ArrayList<>();
                s.path("resultCodes").forEach(c -> storedCodes.add(c.asText()));
                List<String> storedInspectors = new ArrayList<>();
                s.path("inspectorIds").forEach(c -> storedInspectors.add(c.asText()));
                JsonNode row = s.path("itemRows").path(0);
                boolean same = storedCodes.equals(a.resultCodes()) && "SUBMITTED".equals(s.path("status").asText())
                        && a.inspectionDate().equals(s.path("inspectionDate").asText()) && storedInspectors.equals(INSPECTORS)
                        && "PC".equals(s.path("channel").asText()) && ITEM.equals(row.path("itemCode").asText())
                        && row.path("problemFound").asBoolean() == a.problem() && a.subjectCode().equals(s.path("subjectCode").asText());
                if (!same) {
                    differs++;
                    if (lostSamples.size() < 5) {
                        lostSamples.add("differs " + ids.get(i) + ": " + abbreviate(s.toString()));
                    }
                }
            }
        }

        long fiveXx = statuses.entrySet().stream().filter(e -> e.getKey().startsWith("5")).mapToLong(e -> e.getValue().sum()).sum();
        long transport = statuses.entrySet().stream().filter(e -> e.getKey().startsWith("transport")).mapToLong(e -> e.getValue().sum()).sum();
        long internal = errorCodes.entrySet().stream().filter(e -> e.getKey().equals("INTERNAL") || e.getKey().equals("INTERNAL_ERROR"))
                .mapToLong(e -> e.getValue().sum()).sum();
        Map<String, Long> statusCounts = new TreeMap<>();
        statuses.forEach((k, v) -> statusCounts.put(k, v.sum()));
        Map<String, Long> errorCounts = new TreeMap<>();
        errorCodes.forEach((k, v) -> errorCounts.put(k, v.sum()));

        for (Op op : Op.values()) {
            List<Double> ms = new ArrayList<>(latency.get(op));
            if (ms.isEmpty()) {
                continue;
            }
            BenchSupport.Percentiles p = BenchSupport.Percentiles.of(ms);
            long failed = failures.getOrDefault(op, new LongAdder()).sum();
            bench.report.add(new BenchReport.Row("load", String.format(Locale.ROOT, "%s under %d clients × %d s (%,d requests, %.1f/s)",
                            label(op), CLIENTS, SECONDS, p.n(), p.n() / (double) SECONDS),
                    String.format(Locale.ROOT, "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms", p.p50(), p.p95(), p.p99()),
                    String.format(Locale.ROOT, "%,d failed", failed), failed / (double) p.n(), "no failure", failed == 0,
                    failed == 0 ? null : failed + " failed"));
        }
        bench.report.add(new BenchReport.Row("load", String.format(Locale.ROOT, "server faults over %,d requests", requests),
                String.format(Locale.ROOT, "%d HTTP 5xx, %d GraphQL INTERNAL, %d transport errors", fiveXx, internal, transport),
                "HTTP statuses " + statusCounts + "; GraphQL error codes " + errorCounts, fiveXx + internal + transport, "0",
                fiveXx + internal + transport == 0, null));
        bench.report.add(new BenchReport.Row("load", String.format(Locale.ROOT, "acknowledged result writes read back (%,d acknowledged, %d refused)",
                        acknowledged.size(), refusedWrites.get()),
                String.format(Locale.ROOT, "%d missing, %d with other content", lost, differs),
                "every acknowledged submitResult, by id from the results index after the run", lost + differs, "0 lost",
                lost + differs == 0 && !acknowledged.isEmpty(), acknowledged.isEmpty() ? "no write was acknowledged" : null));
        bench.report.note(String.format(Locale.ROOT, "load: mix by weight search %d %%, task read %d %%, submitResult %d %%, review queue %d %%, "
                        + "statistics %d %%; %,d requests in %d s = %.0f requests/s overall; %,d subjects in the directory; statistics over the "
                        + "results dataset's year %s; result entry into task %s (%,d assignments prepared, %,d used)",
                WEIGHTS[0], WEIGHTS[1], WEIGHTS[2], WEIGHTS[3], WEIGHTS[4], requests, SECONDS, requests / (double) SECONDS,
                bench.dataset().count(), year, taskId, codes.size(), Math.min(nextAssignment.get(), codes.size())));
        if (!samples.isEmpty()) {
            bench.report.note("load: first failures seen: " + String.join(" | ", samples));
        }
        if (!lostSamples.isEmpty()) {
            bench.report.note("load: read-back problems: " + String.join(" | ", lostSamples));
        }
    }

    static String label(Op op) {
        return switch (op) {
            case SEARCH -> "faceted search";
            case TASK_READ -> "task read";
            case SUBMIT_RESULT -> "submitResult (result entry)";
            case REVIEW_QUEUE -> "review queue";
            case STATISTICS -> "statistics (a year, 3 breakdowns)";
        };
    }

    static Op pick(SplittableRandom random) {
        int roll = random.nextInt(100);
        for (int i = 0; i < WEIGHTS.length; i++) {
            if (roll < WEIGHTS[i]) {
                return Op.values()[i];
            }
            roll -= WEIGHTS[i];
        }
        return Op.SEARCH;
    }

    static Map<String, Object> input(String taskId, Ack a) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("taskId", taskId);
        in.put("department", DEPARTMENT);
        in.put("subjectCode", a.subjectCode());
        in.put("resultCodes", a.resultCodes());
        in.put("itemRows", List.of(Map.of("itemCode", ITEM, "checked", true, "problemFound", a.problem())));
        in.put("verificationMethods", List.of("ON_SITE", "DOCUMENTARY"));
        in.put("inspectionDate", a.inspectionDate());
        in.put("inspectorIds", INSPECTORS);
        in.put("channel", "PC");
        return in;
    }

    static HttpResponse<String> post(String url, String token, String query, Map<String, Object> variables) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/graphql")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(BenchSupport.JSON.writeValueAsString(Map.of("query", query, "variables", variables))))
                .build();
        return BenchSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /**
     * One IN_PROGRESS market-regulation task over the first {@value #PREPARED} generated subjects, each
     * ASSIGNED to the bureau with two inspectors, written straight into the indices (the draw and the
     * inspector draw are measured elsewhere); answers the subject codes.
     */
    static List<String> prepare(BenchContext bench, String taskId, LocalDate today) throws Exception {
        List<String> codes = new ArrayList<>(PREPARED);
        ByteArrayOutputStream body = new ByteArrayOutputStream(8_000_000);
        SubjectGenerator generator = SubjectGenerator.forDistrict(BenchDataset.SEED, Math.min(PREPARED, bench.subjects));
        Instant assignedAt = Instant.now().minusSeconds(86_400 * 2);
        while (generator.hasNext()) {
            Subject s = generator.next();
            codes.add(s.code());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("taskId", taskId);
            a.put("department", DEPARTMENT);
            a.put("agency", "SCJG-BUREAU");
            a.put("subjectCode", s.code());
            a.put("region", s.regionCode());
            a.put("stratum", "B");
            a.put("status", "ASSIGNED");
            a.put("assignedAt", assignedAt);
            a.put("inspectorIds", INSPECTORS);
            body.write(("{\"index\":{\"_index\":\"" + bench.alias("assignments") + "\",\"_id\":\"" + taskId + ":" + DEPARTMENT + ":" + s.code()
                    + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            body.write(BenchContext.STORED.writeValueAsBytes(a));
            body.write('\n');
            if (body.size() > 7_000_000) {
                bulk(bench, body);
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Task task = new Task(taskId, null, "bench load " + taskId, DEPARTMENT, List.of(DEPARTMENT), List.of(ITEM),
                List.of(new Task.Part(DEPARTMENT, List.of(ITEM), 40)), "DISTRICT", false, today.minusDays(10), today.plusDays(20),
                TaskStatus.IN_PROGRESS, null, null, false, "benchscjg", now, now, null);
        body.write(("{\"index\":{\"_index\":\"" + bench.alias("tasks") + "\",\"_id\":\"" + taskId + "\"}}\n").getBytes(StandardCharsets.UTF_8));
        body.write(BenchContext.STORED.writeValueAsBytes(task));
        body.write('\n');
        bulk(bench, body);
        bench.es("POST", "/" + bench.alias("assignments") + "," + bench.alias("tasks") + "/_refresh", null);
        Collections.shuffle(codes, new java.util.Random(7));
        return codes;
    }

    static void bulk(BenchContext bench, ByteArrayOutputStream body) throws Exception {
        JsonNode r = BenchSupport.esBytes(bench.es, "/_bulk", body.toByteArray());
        body.reset();
        if (r.path("errors").asBoolean()) {
            for (JsonNode item : r.path("items")) {
                JsonNode error = item.elements().next().path("error");
                if (!error.isMissingNode()) {
                    throw new IllegalStateException("bulk write refused: " + error);
                }
            }
        }
    }
}
