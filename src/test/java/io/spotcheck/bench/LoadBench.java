package io.spotcheck.bench;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.result.Result;
import io.spotcheck.result.ResultEffectsOutbox;
import io.spotcheck.review.ReviewDeadlines;
import io.spotcheck.review.ReviewQueue;
import io.spotcheck.review.ReviewQueueRequests;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.stats.StatisticsQuery;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.seed.SubjectGenerator;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sustained mixed load at several client counts (BENCH_LOAD_CLIENTS, default 32 and 128), each for
 * BENCH_LOAD_SECONDS (default 60), against the server on the {@code --subjects N} directory and the
 * results dataset, beside the same mix of raw Elasticsearch requests by the same number of clients for
 * the same time. Each client picks its next request by weight: faceted subject search 35 %, task read
 * 20 %, result entry 20 %, the review queue 15 %, a year's statistics 10 %.
 *
 * <p>Ours: the GraphQL requests. Result entry ({@code submitResult}) goes to assignments prepared
 * beforehand (one IN_PROGRESS task of market regulation with up to {@value #PREPARED} ASSIGNED subjects,
 * bulk-written like the results dataset), each client taking the next unused one, so every write is a
 * first submission. The raw mix: the request the server sends for the same search
 * ({@link io.spotcheck.subject.SubjectSearch#request}), a GET of the task document, the two writes
 * {@code submitResult} waits for before it answers (the {@code result_effects} marker, then the result
 * with op_type=create, both without a refresh, as the server writes them) — the marker into a scratch
 * copy of its index, the result into the results index the raw review queue and statistics read, as
 * the server's goes — the review queue's request ({@link ReviewQueueRequests}) and the statistics msearch
 * ({@link StatisticsQuery}). The side that goes first alternates from one client count to the next, so
 * a drift in the machine's speed does not always fall on the same side.
 *
 * <p>Counted: every HTTP status, every GraphQL error by {@code extensions.code} (INTERNAL would be
 * a server fault), latency per operation. Targets: the server's throughput ≥ 0.8 × the raw mix's,
 * result entry p95 ≤ 300 ms at 32 clients, no 5xx, no INTERNAL error, no other failure, and no lost
 * write — after the run every acknowledged result (HTTP 200, no errors, a result in the payload) is
 * read back from Elasticsearch by its id and compared with what was sent (result codes, item row,
 * inspection date, inspectors, channel, status SUBMITTED).
 */
final class LoadBench implements BenchSection {

    static final List<Integer> CLIENTS = Arrays.stream(System.getenv().getOrDefault("BENCH_LOAD_CLIENTS", "32,128").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    static final int SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_LOAD_SECONDS", "60"));
    /** Seconds of the single-client warm-up on the whole mix, both sides, before the first measured phase. */
    static final int WARMUP = Integer.parseInt(System.getenv().getOrDefault("BENCH_LOAD_WARMUP", "30"));
    /** Enough first submissions for every phase of ours at 32 and 128 clients (capped by the directory's size). */
    static final int PREPARED = 100_000;
    /** The client count whose result entry is held to the p95 target. */
    static final int TARGET_CLIENTS = 32;
    static final double RESULT_ENTRY_P95_MS = 300;
    static final String DEPARTMENT = "SCJG";
    static final String AGENCY = "SCJG-BUREAU";
    static final String ITEM = "SCJG-002";
    static final List<String> INSPECTORS = List.of("BL-I-01", "BL-I-02");

    static final String SUBMIT = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id version status resultCodes } "
            + "errors { code message field } } }";
    static final String TASK = "query($id:String!){ task(id:$id){ id name status leadDepartment departments startDate endDate "
            + "parts { department itemCodes expectedOnSiteMinutes } } }";

    enum Op { SEARCH, TASK_READ, SUBMIT_RESULT, REVIEW_QUEUE, STATISTICS }

    static final int[] WEIGHTS = {35, 20, 20, 15, 10};

    record Ack(String subjectCode, List<String> resultCodes, boolean problem, String inspectionDate) {}

    /** A subject an assignment was prepared for. */
    record Prepared(String code, String name, String kind, String region) {}

    /** What one request came to: its status (HTTP or transport), GraphQL error codes, and the write it acknowledged. */
    record Outcome(String status, boolean ok, List<String> errorCodes, Ack ack, boolean refused, String problem) {
        static Outcome raw(HttpResponse<String> response, boolean ok, String what) {
            String status = Integer.toString(response.statusCode());
            return new Outcome(status, ok, List.of(), null, false, ok ? null : what + " " + status + ": " + abbreviate(response.body()));
        }
    }

    /** One side of the comparison: the request a client sends next for an operation, or null when there is none left. */
    interface Side {
        Callable<Outcome> next(Op op, SplittableRandom random) throws Exception;
    }

    /** Everything counted in one phase: one side at one client count. */
    static final class Phase {
        final String side;
        final int clients;
        final Map<Op, ConcurrentLinkedQueue<Double>> latency = new EnumMap<>(Op.class);
        final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
        final Map<Op, LongAdder> failures = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger exhausted = new AtomicInteger();
        /** Failed requests that were no server fault (no 5xx, INTERNAL or transport error): refusals, other error codes, 4xx. */
        final LongAdder otherFailures = new LongAdder();
        long requests;
        double seconds;
        /** CPU seconds each process used during the phase (server, Elasticsearch, this bench), when /proc tells. */
        final Map<String, Double> cpu = new java.util.LinkedHashMap<>();

        Phase(String side, int clients) {
            this.side = side;
            this.clients = clients;
            for (Op op : Op.values()) {
                latency.put(op, new ConcurrentLinkedQueue<>());
            }
        }

        void record(Op op, double millis, Outcome outcome) {
            latency.get(op).add(millis);
            statuses.computeIfAbsent(outcome.status(), k -> new LongAdder()).increment();
            outcome.errorCodes().forEach(c -> errorCodes.computeIfAbsent(c, k -> new LongAdder()).increment());
            if (outcome.ack() != null) {
                acks.add(outcome.ack());
            }
            if (outcome.refused()) {
                refused.incrementAndGet();
            }
            if (!outcome.ok()) {
                failures.computeIfAbsent(op, k -> new LongAdder()).increment();
                boolean fault = outcome.status().startsWith("5") || outcome.status().startsWith("transport")
                        || outcome.errorCodes().stream().anyMatch(c -> c.equals("INTERNAL") || c.equals("INTERNAL_ERROR"));
                if (!fault) {
                    otherFailures.increment();
                }
                if (samples.size() < 5 && outcome.problem() != null) {
                    samples.add(op + " " + outcome.problem());
                }
            }
        }

        double throughput() {
            return requests / seconds;
        }

        BenchSupport.Percentiles percentiles(Op op) {
            return BenchSupport.Percentiles.of(new ArrayList<>(latency.get(op)));
        }

        long count(java.util.function.Predicate<String> status) {
            return statuses.entrySet().stream().filter(e -> status.test(e.getKey())).mapToLong(e -> e.getValue().sum()).sum();
        }

        long fiveXx() {
            return count(s -> s.startsWith("5"));
        }

        long transport() {
            return count(s -> s.startsWith("transport"));
        }

        long internal() {
            return errorCodes.entrySet().stream().filter(e -> e.getKey().equals("INTERNAL") || e.getKey().equals("INTERNAL_ERROR"))
                    .mapToLong(e -> e.getValue().sum()).sum();
        }

        long failed() {
            return failures.values().stream().mapToLong(LongAdder::sum).sum();
        }

        Map<String, Long> statusCounts() {
            Map<String, Long> counts = new TreeMap<>();
            statuses.forEach((k, v) -> counts.put(k, v.sum()));
            return counts;
        }

        Map<String, Long> errorCounts() {
            Map<String, Long> counts = new TreeMap<>();
            errorCodes.forEach((k, v) -> counts.put(k, v.sum()));
            return counts;
        }
    }

    /** Acknowledged writes read back after the run. */
    record ReadBack(int acknowledged, int lost, int differs, List<String> samples) {}

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
        List<Prepared> prepared = prepare(bench, taskId, today);
        List<String> taskIds = new ArrayList<>();
        bench.es("POST", "/" + bench.alias("tasks") + "/_search", "{\"size\":200,\"_source\":false,\"query\":{\"bool\":{\"filter\":[{\"prefix\":{\"id\":\"BR-\"}},"
                + "{\"term\":{\"departments\":\"SCJG\"}}]}}}")
                .path("hits").path("hits").forEach(h -> taskIds.add(h.path("_id").asText()));
        taskIds.add(taskId);
        Task task = task(taskId, today);

        String reviewer = DevTokens.mint(BenchContext.devSigningKey(),
                new DevTokens.Spec("benchreview", "bench", "SCJG", "SCJG-BUREAU", List.of(Role.AGENCY_REVIEWER)));
        String year = Integer.toString(ResultsDataset.STATS_YEAR);
        String inspectionDate = today.minusDays(1).toString();

        Ours ours = new Ours(bench, taskId, taskIds, prepared, reviewer, year, inspectionDate);
        // The raw result goes into the results index the raw review queue and statistics read, as the
        // server's does: an index written during the phase is refreshed every second and its searches
        // pay for that; a scratch copy nobody searches would spare the raw side exactly that cost.
        // The raw marker goes into a scratch copy: no request of the mix reads markers, and in the real
        // index the server's recovery would take the raw markers for its own.
        String scratchEffects = bench.alias("scratch-load-result-effects");
        bench.dataset().cloneShape(bench.alias("result_effects"), scratchEffects);
        try {
            Raw raw = new Raw(bench, task, taskIds, prepared, reviewer, inspectionDate, bench.alias("results"), scratchEffects);
            String size = size(bench.subjects);
            System.out.printf(Locale.ROOT, "load: clients %s, %d s each side, task %s with %,d prepared assignments%n", CLIENTS, SECONDS, taskId,
                    prepared.size());

            // One client, the whole mix of both sides interleaved, until the server's JIT has settled: the phases
            // measure a warm server, and the first phase is not the one that pays for compiling.
            Phase warmUp = new Phase("ours", 1);
            SplittableRandom warmRandom = new SplittableRandom(7);
            List<Callable<Object>> mix = new ArrayList<>();
            for (Op op : Op.values()) {
                mix.add(() -> once(ours, op, warmRandom, warmUp));
                mix.add(() -> once(raw, op, warmRandom, null));
            }
            BenchSupport.warmUpMix(WARMUP, 20, mix);
            String warmDrain = drainEffects(bench);

            List<Phase[]> phases = new ArrayList<>();
            List<String> order = new ArrayList<>();
            List<String> drains = new ArrayList<>();
            for (int k = 0; k < CLIENTS.size(); k++) {
                int clients = CLIENTS.get(k);
                boolean oursFirst = k % 2 == 0;
                Phase o = new Phase("ours", clients);
                Phase r = new Phase("raw", clients);
                for (Phase p : oursFirst ? List.of(o, r) : List.of(r, o)) {
                    drive(p, p == o ? ours : raw);
                    if (p == o) {
                        // The effects of ours' submissions follow on the worker; let them finish before the next phase.
                        drains.add(clients + " clients: " + drainEffects(bench));
                    }
                }
                order.add(clients + " clients " + (oursFirst ? "ours then raw" : "raw then ours"));
                phases.add(new Phase[] {o, r});
            }

            ReadBack warmBack = readBack(bench, taskId, new ArrayList<>(warmUp.acks));
            for (int k = 0; k < phases.size(); k++) {
                report(bench, size, phases.get(k)[0], phases.get(k)[1], readBack(bench, taskId, new ArrayList<>(phases.get(k)[0].acks)));
            }
            bench.report.note(String.format(Locale.ROOT, "load: mix by weight search %d %%, task read %d %%, result entry %d %%, review queue %d %%, "
                            + "statistics %d %%, the same for both sides; %d s per side and client count; order %s; before the first phase a "
                            + "one-client warm-up of both sides' whole mix, interleaved, for at least %d s until the server's JIT settled "
                            + "(%,d acknowledged warm-up writes read back: %d missing, %d with other content); %,d subjects in the directory; "
                            + "statistics over the results dataset's year %s; result entry into task %s (%,d assignments prepared, %,d used)",
                    WEIGHTS[0], WEIGHTS[1], WEIGHTS[2], WEIGHTS[3], WEIGHTS[4], SECONDS, String.join(", ", order), WARMUP,
                    warmBack.acknowledged(), warmBack.lost(), warmBack.differs(), bench.dataset().count(), year, taskId, prepared.size(),
                    Math.min(ours.nextAssignment.get(), prepared.size())));
            bench.report.note("load: the raw mix sends faceted search = the server's own SubjectSearch.request(...) posted to "
                    + "subjects/_search?typed_keys=true; task read = GET tasks/_doc/{id}; result entry = the writes submitResult waits for "
                    + "before it answers: the result_effects marker (op_type=create), then the result document (op_type=create), no "
                    + "refresh, the marker into a scratch copy of result_effects, the result into the results index the review queue and "
                    + "statistics read, as the server's (the server also reads the task, the assignment, the subject, an "
                    + "earlier result and marker, and writes an audit entry, which the anchor leaves out); review queue = "
                    + "ReviewQueueRequests.firstPage(...) posted to results/_search; statistics = StatisticsQuery's searches in one "
                    + "_msearch?typed_keys=true. Latency ratio = ours p50 / raw p50");
            bench.report.note("load: effects of ours' submissions still pending when a phase ended (applied by the worker before the next "
                    + "phase started): warm-up " + warmDrain + "; " + String.join("; ", drains));
            if (warmBack.lost() + warmBack.differs() > 0) {
                bench.report.note("load: warm-up read-back problems: " + String.join(" | ", warmBack.samples()));
            }
        } finally {
            bench.es("DELETE", "/" + scratchEffects, null);
        }
    }

    /** One request of {@code op} on {@code side}, counted in {@code phase} when given (the warm-up's writes are read back too). */
    static Object once(Side side, Op op, SplittableRandom random, Phase phase) throws Exception {
        Callable<Outcome> request = side.next(op, random);
        if (request == null) {
            return null;
        }
        Outcome outcome = request.call();
        if (phase != null) {
            phase.record(op, 0, outcome);
        }
        return outcome;
    }

    /** {@code phase.clients} clients, each sending the mix for {@link #SECONDS} s; the phase lasts until the last answer. */
    static void drive(Phase phase, Side side) throws Exception {
        Map<String, Long> pids = BenchSupport.cpuProcesses();
        Map<String, Long> ticks = BenchSupport.cpuTicks(pids);
        long start = System.nanoTime();
        long deadline = start + SECONDS * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(phase.clients);
        try {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < phase.clients; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    // The same seeds on both sides: each client sends the same sequence of operations.
                    SplittableRandom random = new SplittableRandom(1000 + client);
                    int done = 0;
                    while (System.nanoTime() < deadline) {
                        Op op = pick(random);
                        Callable<Outcome> request = side.next(op, random);
                        if (request == null) {
                            phase.exhausted.incrementAndGet();
                            continue;
                        }
                        long t0 = System.nanoTime();
                        Outcome outcome;
                        try {
                            outcome = request.call();
                        } catch (java.io.IOException | RuntimeException e) {
                            outcome = new Outcome("transport:" + e.getClass().getSimpleName(), false, List.of(), null, false, e.toString());
                        }
                        phase.record(op, (System.nanoTime() - t0) / 1e6, outcome);
                        done++;
                    }
                    return done;
                }));
            }
            for (Future<Integer> f : clients) {
                phase.requests += f.get();
            }
        } finally {
            pool.shutdown();
        }
        phase.seconds = (System.nanoTime() - start) / 1e9;
        BenchSupport.addCpuSince(pids, ticks, phase.cpu);
        System.out.printf(Locale.ROOT, "load: %s at %d clients: %,d requests in %.1f s = %.1f/s, statuses %s, %s%n", phase.side, phase.clients,
                phase.requests, phase.seconds, phase.throughput(), phase.statusCounts(), cpuText(phase));
    }

    /** CPU per process over the phase, in cores and in ms of CPU per request. */
    static String cpuText(Phase phase) {
        String text = BenchSupport.cpuText(phase.cpu, phase.seconds, phase.requests, 1000, "ms a request");
        return text.startsWith("Elasticsearch") ? "CPU " + text : text;
    }

    /** The server's side: the GraphQL requests. */
    static final class Ours implements Side {
        final BenchContext bench;
        final String taskId;
        final List<String> taskIds;
        final List<Prepared> prepared;
        final String reviewer;
        final Map<String, Object> statsVariables;
        final String inspectionDate;
        final AtomicInteger nextAssignment = new AtomicInteger();

        Ours(BenchContext bench, String taskId, List<String> taskIds, List<Prepared> prepared, String reviewer, String year,
             String inspectionDate) {
            this.bench = bench;
            this.taskId = taskId;
            this.taskIds = taskIds;
            this.prepared = prepared;
            this.reviewer = reviewer;
            this.statsVariables = Map.of("from", year + "-01-01", "to", year + "-12-31");
            this.inspectionDate = inspectionDate;
        }

        @Override
        public Callable<Outcome> next(Op op, SplittableRandom random) {
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
                    int kind = random.nextInt(3);
                    int i = nextAssignment.getAndIncrement();
                    if (i >= prepared.size()) {
                        return null;
                    }
                    ack = ack(prepared.get(i).code(), kind, inspectionDate);
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
            String caller = token;
            Ack sent = ack;
            return () -> outcome(op, post(bench.url, caller, query, variables), sent);
        }

        static Outcome outcome(Op op, HttpResponse<String> response, Ack ack) throws Exception {
            String status = Integer.toString(response.statusCode());
            if (response.statusCode() != 200) {
                return new Outcome(status, false, List.of(), null, false, status + ": " + abbreviate(response.body()));
            }
            JsonNode json = BenchSupport.JSON.readTree(response.body());
            if (json.has("errors")) {
                List<String> codes = new ArrayList<>();
                for (JsonNode e : json.get("errors")) {
                    codes.add(e.path("extensions").path("code").asText(e.path("extensions").path("classification").asText("NONE")));
                }
                return new Outcome(status, false, codes, null, false, "errors: " + abbreviate(json.get("errors").toString()));
            }
            if (ack != null) {
                JsonNode payload = json.path("data").path("submitResult");
                if (!payload.path("errors").isEmpty() || !payload.path("result").hasNonNull("id")) {
                    return new Outcome(status, false, List.of(), null, true, "submitResult refused: " + abbreviate(payload.toString()));
                }
            }
            return new Outcome(status, true, List.of(), ack, false, null);
        }
    }

    /** The anchor: the same mix as raw Elasticsearch requests. */
    static final class Raw implements Side {
        final BenchContext bench;
        final Task task;
        final List<String> taskIds;
        final List<Prepared> prepared;
        final String inspectionDate;
        final String searchUrl;
        final List<String> searchBodies;
        final String resultsUrl;
        final Map<ReviewDeadlines.Flag, List<String>> reviewBodies = new EnumMap<>(ReviewDeadlines.Flag.class);
        final byte[] statistics;
        /** Where raw results go: the results index the raw review queue and statistics read. */
        final String results;
        final String scratchEffects;
        final String rawTaskId;
        final AtomicInteger nextWrite = new AtomicInteger();

        Raw(BenchContext bench, Task task, List<String> taskIds, List<Prepared> prepared, String reviewer, String inspectionDate,
            String results, String scratchEffects) throws Exception {
            this.bench = bench;
            this.task = task;
            this.taskIds = taskIds;
            this.prepared = prepared;
            this.inspectionDate = inspectionDate;
            this.results = results;
            this.scratchEffects = scratchEffects;
            this.rawTaskId = task.id() + "-RAW";
            this.searchUrl = bench.es + "/" + bench.alias("subjects") + "/_search?typed_keys=true";
            this.searchBodies = SearchBench.TEXTS.stream().map(SearchBench::rawBody).toList();
            this.resultsUrl = bench.es + "/" + bench.alias("results") + "/_search?typed_keys=true";
            JacksonJsonpMapper mapper = new JacksonJsonpMapper(BenchContext.STORED);
            ReviewDeadlines deadlines = ReviewBench.serverDeadlines(bench, reviewer);
            for (ReviewDeadlines.Flag flag : ReviewDeadlines.Flag.values()) {
                List<String> bodies = new ArrayList<>();
                for (String station : ReviewBench.STATIONS) {
                    SearchRequest request = ReviewQueueRequests.firstPage(new IndexNames(BenchContext.PREFIX), deadlines,
                            new ReviewQueue.Filter(station, null, DEPARTMENT, null, flag), 20);
                    bodies.add(JsonpUtils.toJsonString(request, mapper));
                }
                reviewBodies.put(flag, bodies);
            }
            // The district's year as a platform administrator asks it, the same searches as StatsBench's anchor.
            StatisticsQuery query = StatsBench.districtYear(bench, deadlines);
            StringBuilder msearch = new StringBuilder();
            for (StatisticsQuery.Search s : query.searches()) {
                MultisearchBody body = MultisearchBody.of(b -> {
                    b.size(s.size()).trackTotalHits(t -> t.enabled(true)).query(s.query());
                    if (!s.aggregations().isEmpty()) {
                        b.aggregations(s.aggregations());
                    }
                    return b;
                });
                msearch.append(BenchSupport.JSON.writeValueAsString(Map.of("index", bench.alias(s.index())))).append('\n')
                        .append(JsonpUtils.toJsonString(body, mapper)).append('\n');
            }
            this.statistics = msearch.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Callable<Outcome> next(Op op, SplittableRandom random) {
            switch (op) {
                case SEARCH -> {
                    String body = searchBodies.get(random.nextInt(searchBodies.size()));
                    return () -> {
                        HttpResponse<String> r = send(post(searchUrl, "application/json", body.getBytes(StandardCharsets.UTF_8)));
                        return Outcome.raw(r, r.statusCode() == 200 && BenchSupport.JSON.readTree(r.body()).path("hits").has("total"), "search");
                    };
                }
                case TASK_READ -> {
                    String id = taskIds.get(random.nextInt(taskIds.size()));
                    return () -> {
                        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(bench.es + "/" + bench.alias("tasks") + "/_doc/"
                                + encode(id))).timeout(Duration.ofSeconds(120)).GET().build());
                        return Outcome.raw(r, r.statusCode() == 200 && BenchSupport.JSON.readTree(r.body()).path("found").asBoolean(), "task read");
                    };
                }
                case SUBMIT_RESULT -> {
                    int kind = random.nextInt(3);
                    int i = nextWrite.getAndIncrement();
                    Prepared s = prepared.get(i % prepared.size());
                    // A fresh id for every write: each is a first submission, as on the server's side.
                    String subjectCode = s.code() + (i >= prepared.size() ? "~" + i / prepared.size() : "");
                    Ack ack = ack(subjectCode, kind, inspectionDate);
                    return () -> write(s, ack);
                }
                case REVIEW_QUEUE -> {
                    String station = ReviewBench.STATIONS.get(random.nextInt(ReviewBench.STATIONS.size()));
                    ReviewDeadlines.Flag[] flags = ReviewDeadlines.Flag.values();
                    String body = reviewBodies.get(flags[random.nextInt(flags.length)]).get(ReviewBench.STATIONS.indexOf(station));
                    return () -> {
                        HttpResponse<String> r = send(post(resultsUrl, "application/json", body.getBytes(StandardCharsets.UTF_8)));
                        return Outcome.raw(r, r.statusCode() == 200 && BenchSupport.JSON.readTree(r.body()).path("hits").has("total"), "review queue");
                    };
                }
                default -> {
                    return () -> {
                        HttpResponse<String> r = send(post(bench.es + "/_msearch?typed_keys=true", "application/x-ndjson", statistics));
                        boolean ok = r.statusCode() == 200;
                        if (ok) {
                            for (JsonNode item : BenchSupport.JSON.readTree(r.body()).path("responses")) {
                                ok &= item.path("status").asInt() == 200;
                            }
                        }
                        return Outcome.raw(r, ok, "statistics msearch");
                    };
                }
            }
        }

        /** The marker first, then the result, each created and acknowledged without a refresh, as submitResult writes them. */
        Outcome write(Prepared s, Ack ack) throws Exception {
            String id = Result.id(rawTaskId, DEPARTMENT, ack.subjectCode());
            Instant now = Instant.now();
            ResultEffectsOutbox.Pending marker = new ResultEffectsOutbox.Pending(id, now, "benchscjg", List.of(), null, now);
            HttpResponse<String> r = send(put(scratchEffects, id, BenchContext.STORED.writeValueAsBytes(marker)));
            if (r.statusCode() != 201) {
                return Outcome.raw(r, false, "marker create");
            }
            r = send(put(results, id, BenchContext.STORED.writeValueAsBytes(result(id, s, ack, now))));
            return Outcome.raw(r, r.statusCode() == 201, "result create");
        }

        /** The document the server stores for a first submission of {@link #input}. */
        Result result(String id, Prepared s, Ack a, Instant now) {
            List<String> codes = a.resultCodes();
            return new Result(id, rawTaskId, task.name(), task.level(), task.leadDepartment(), task.departments(),
                    task.departments().size() > 1, DEPARTMENT, AGENCY, a.subjectCode(), s.name(), s.kind(), s.region(), List.of(ITEM), codes,
                    a.problem(), List.of("ON_SITE", "DOCUMENTARY"), List.of(new Result.ItemRow(ITEM, true, a.problem(), null)), List.of(), 0, 0,
                    false, LocalDate.parse(a.inspectionDate()), INSPECTORS, "PC", List.of(), "SUBMITTED", "benchscjg", now, 1, null, null, null,
                    null, null, null, false, now, null);
        }

        HttpRequest post(String url, String type, byte[] body) {
            return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        HttpRequest put(String index, String id, byte[] body) {
            return HttpRequest.newBuilder(URI.create(bench.es + "/" + index + "/_doc/" + encode(id) + "?op_type=create"))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        static HttpResponse<String> send(HttpRequest request) throws Exception {
            return BenchSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }

        static String encode(String id) {
            return URLEncoder.encode(id, StandardCharsets.UTF_8);
        }
    }

    static Ack ack(String subjectCode, int kind, String inspectionDate) {
        List<String> resultCodes = kind == 0 ? List.of("NO_PROBLEM") : kind == 1 ? List.of("PROBLEM_CORRECTED")
                : List.of("PROBLEM_PENDING", "UNDISCLOSED_INFORMATION");
        return new Ack(subjectCode, resultCodes, kind != 0, inspectionDate);
    }

    /** The rows of one client count: throughput, each operation's percentiles, faults, and the read-back. */
    static void report(BenchContext bench, String size, Phase o, Phase r, ReadBack back) {
        int clients = o.clients;
        String run = String.format(Locale.ROOT, "%d clients × %d s, %s", clients, SECONDS, size);
        double ratio = o.throughput() / r.throughput();
        bench.report.add(new BenchReport.Row("load", "mixed load throughput, " + run,
                String.format(Locale.ROOT, "%.1f req/s (%,d requests in %.1f s)", o.throughput(), o.requests, o.seconds),
                String.format(Locale.ROOT, "raw mix %.1f req/s (%,d requests in %.1f s)", r.throughput(), r.requests, r.seconds), ratio,
                "≥ 0.8 × raw mix", ratio >= 0.8, null));
        for (Op op : Op.values()) {
            BenchSupport.Percentiles po = o.percentiles(op);
            BenchSupport.Percentiles pr = r.percentiles(op);
            if (po.n() == 0 || pr.n() == 0) {
                bench.report.note(String.format(Locale.ROOT, "load: %s at %d clients: %d requests ours, %d raw; no figure", label(op), clients,
                        po.n(), pr.n()));
                continue;
            }
            boolean held = op == Op.SUBMIT_RESULT && clients == TARGET_CLIENTS;
            boolean pass = !held || po.p95() <= RESULT_ENTRY_P95_MS;
            bench.report.add(new BenchReport.Row("load", String.format(Locale.ROOT, "%s p50/p95/p99, %s (%,d ours, %,d raw)", label(op), run,
                            po.n(), pr.n()),
                    String.format(Locale.ROOT, "p50 %s, p95 %s, p99 %s", ms(po.p50()), ms(po.p95()), ms(po.p99())),
                    String.format(Locale.ROOT, "%s p50 %s, p95 %s, p99 %s", rawLabel(op), ms(pr.p50()), ms(pr.p95()), ms(pr.p99())),
                    po.p50() / pr.p50(), held ? String.format(Locale.ROOT, "p95 ≤ %.0f ms", RESULT_ENTRY_P95_MS) : "reported", pass,
                    pass ? null : String.format(Locale.ROOT, "p95 %s", ms(po.p95()))));
        }
        long faults = o.fiveXx() + o.internal() + o.transport();
        long other = o.otherFailures.sum();
        bench.report.add(new BenchReport.Row("load", String.format(Locale.ROOT, "errors, %s (%,d requests)", run, o.requests),
                String.format(Locale.ROOT, "%d HTTP 5xx, %d GraphQL INTERNAL, %d transport errors, %d other failures", o.fiveXx(), o.internal(),
                        o.transport(), other),
                String.format(Locale.ROOT, "raw mix: %d failed, HTTP statuses %s", r.failed(), r.statusCounts()), faults + other, "0",
                faults + other == 0, null));
        bench.report.add(new BenchReport.Row("load", String.format(Locale.ROOT, "acknowledged result writes read back, %s (%,d acknowledged, %d refused)",
                        run, back.acknowledged(), o.refused.get()),
                String.format(Locale.ROOT, "%d missing, %d with other content", back.lost(), back.differs()),
                "every acknowledged submitResult, by id (_mget) from the results index after the run", back.lost() + back.differs(), "0 lost",
                back.lost() + back.differs() == 0 && back.acknowledged() > 0, back.acknowledged() == 0 ? "no write was acknowledged" : null));
        bench.report.note(String.format(Locale.ROOT, "load %d clients: ours HTTP statuses %s, GraphQL error codes %s; raw statuses %s%s",
                clients, o.statusCounts(), o.errorCounts(), r.statusCounts(),
                o.exhausted.get() + r.exhausted.get() > 0 ? String.format(Locale.ROOT, "; %d result entries skipped, prepared assignments used up",
                        o.exhausted.get()) : ""));
        bench.report.note(String.format(Locale.ROOT, "load %d clients, CPU by process (from /proc, over the phase): ours %s; raw %s", clients,
                cpuText(o), cpuText(r)));
        for (Phase p : List.of(o, r)) {
            if (!p.samples.isEmpty()) {
                bench.report.note(String.format(Locale.ROOT, "load %d clients, %s: first failures seen: %s", clients, p.side,
                        String.join(" | ", p.samples)));
            }
        }
        if (!back.samples().isEmpty()) {
            bench.report.note(String.format(Locale.ROOT, "load %d clients: read-back problems: %s", clients, String.join(" | ", back.samples())));
        }
    }

    /** Every acknowledged write, straight from the index by its id, compared with what was sent. */
    static ReadBack readBack(BenchContext bench, String taskId, List<Ack> acknowledged) throws Exception {
        int lost = 0;
        int differs = 0;
        List<String> samples = new ArrayList<>();
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
                    if (samples.size() < 5) {
                        samples.add("missing " + ids.get(i));
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
                    if (samples.size() < 5) {
                        samples.add("differs " + ids.get(i) + ": " + abbreviate(s.toString()));
                    }
                }
            }
        }
        return new ReadBack(acknowledged.size(), lost, differs, samples);
    }

    /**
     * Waits until the worker has applied the effects of every submission (no marker left in
     * {@code result_effects}); says how many were pending and how long they took.
     */
    static String drainEffects(BenchContext bench) throws Exception {
        String index = bench.alias("result_effects");
        long start = System.nanoTime();
        long first = -1;
        while (true) {
            bench.es("POST", "/" + index + "/_refresh", null);
            long pending = bench.es("GET", "/" + index + "/_count", null).path("count").asLong();
            if (first < 0) {
                first = pending;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (pending == 0) {
                return String.format(Locale.ROOT, "%,d, all applied %.1f s later", first, seconds);
            }
            if (seconds > 300) {
                return String.format(Locale.ROOT, "%,d, still %,d after %.0f s (left to the worker's recovery)", first, pending, seconds);
            }
            Thread.sleep(500);
        }
    }

    /** The directory's size as the figures name it: 10^6, 2 × 10^4, or the count. */
    static String size(long subjects) {
        int exponent = (int) Math.floor(Math.log10(Math.max(1, subjects)));
        long power = (long) Math.pow(10, exponent);
        if (subjects % power == 0) {
            long mantissa = subjects / power;
            return mantissa == 1 ? "10^" + exponent : mantissa + " × 10^" + exponent;
        }
        return String.format(Locale.ROOT, "%,d subjects", subjects);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.1f ms" : "%.0f ms", millis);
    }

    static String label(Op op) {
        return switch (op) {
            case SEARCH -> "faceted search";
            case TASK_READ -> "task read";
            case SUBMIT_RESULT -> "result entry (submitResult)";
            case REVIEW_QUEUE -> "review queue";
            case STATISTICS -> "statistics (a year, 3 breakdowns)";
        };
    }

    static String rawLabel(Op op) {
        return switch (op) {
            case SEARCH -> "raw search";
            case TASK_READ -> "raw GET";
            case SUBMIT_RESULT -> "raw marker + result create";
            case REVIEW_QUEUE -> "raw search";
            case STATISTICS -> "raw msearch";
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
     * inspector draw are measured elsewhere); answers the subjects in a shuffled order.
     */
    static List<Prepared> prepare(BenchContext bench, String taskId, LocalDate today) throws Exception {
        List<Prepared> subjects = new ArrayList<>(PREPARED);
        ByteArrayOutputStream body = new ByteArrayOutputStream(8_000_000);
        SubjectGenerator generator = SubjectGenerator.forDistrict(BenchDataset.SEED, Math.min(PREPARED, bench.subjects));
        Instant assignedAt = Instant.now().minusSeconds(86_400 * 2);
        while (generator.hasNext()) {
            Subject s = generator.next();
            subjects.add(new Prepared(s.code(), s.name(), s.kind(), s.regionCode()));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("taskId", taskId);
            a.put("department", DEPARTMENT);
            a.put("agency", AGENCY);
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
        body.write(("{\"index\":{\"_index\":\"" + bench.alias("tasks") + "\",\"_id\":\"" + taskId + "\"}}\n").getBytes(StandardCharsets.UTF_8));
        body.write(BenchContext.STORED.writeValueAsBytes(task(taskId, today)));
        body.write('\n');
        bulk(bench, body);
        bench.es("POST", "/" + bench.alias("assignments") + "," + bench.alias("tasks") + "/_refresh", null);
        Collections.shuffle(subjects, new java.util.Random(7));
        return subjects;
    }

    /** The task result entry goes to. */
    static Task task(String taskId, LocalDate today) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        return new Task(taskId, null, "bench load " + taskId, DEPARTMENT, List.of(DEPARTMENT), List.of(ITEM),
                List.of(new Task.Part(DEPARTMENT, List.of(ITEM), 40)), "DISTRICT", false, today.minusDays(10), today.plusDays(20),
                TaskStatus.IN_PROGRESS, null, null, false, "benchscjg", now, now, null);
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
