package io.spotcheck.faults;

import static io.spotcheck.faults.FaultClients.JSON;
import static io.spotcheck.faults.FaultClients.count;
import static io.spotcheck.faults.FaultClients.graphql;
import static io.spotcheck.faults.FaultClients.matchAll;
import static io.spotcheck.faults.FaultClients.refresh;
import static io.spotcheck.faults.FaultClients.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.spotcheck.result.Result;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node lost, nothing lost (docs/FAULTS.md, node loss): a three-node Elasticsearch cluster of the
 * suite's own, the server pointed at all three nodes, and one node killed with SIGKILL during a scope
 * build, a draw, an import and result entry under load. The cluster must go yellow (never red), the
 * work finish by itself, every acknowledged write be stored, and the cluster be green again once the
 * node is back. Every check reads Elasticsearch directly, through a node that was not killed.
 * Runs with {@code ./spotcheck test --faults --nodes 3} (tags {@code faults} and {@code node-loss}).
 */
@Tag("faults")
@Tag("node-loss")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeLossFaultIT {

    static final int SUBJECTS = Integer.getInteger("spotcheck.faults.subjects", 300_000);
    static final int IMPORT_LINES = Integer.getInteger("spotcheck.faults.import-lines", 60_000);
    static final int RESULTS = Integer.getInteger("spotcheck.faults.results", 600);
    static final int RESULT_CLIENTS = 16;
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

    final long seed = Long.getLong("spotcheck.faults.seed", System.nanoTime());
    final Random random = new Random(seed);
    final String run = FaultSuiteIT.runId();
    final String prefix = "nodeloss-" + run + "-";
    final String redisPrefix = "nodeloss:" + run + ":";
    final Map<String, String> timings = new LinkedHashMap<>();

    final List<FaultProcesses.Elasticsearch> nodes = new ArrayList<>();
    FaultProcesses.Redis redis;
    FaultProcesses.Server server;
    String token;
    String importToken;
    String signingKey;
    long suiteStarted;

    static void say(String message) {
        System.out.printf("[node-loss %tT] %s%n", System.currentTimeMillis(), message);
    }

    @BeforeAll
    void startCluster() throws Exception {
        suiteStarted = System.nanoTime();
        say("seed " + seed + " (-Dspotcheck.faults.seed=" + seed + " repeats the random points), run " + run + ", " + SUBJECTS + " subjects");
        signingKey = FaultSuiteIT.devSigningKey();
        token = DevTokens.mint(signingKey, new DevTokens.Spec("nodeloss-operator", "fault suite", "SCJG", "SCJG-BUREAU", List.of(Role.DEPT_OPERATOR)));
        importToken = DevTokens.mint(signingKey, new DevTokens.Spec("nodeloss-importer", "fault suite", "SCJG", null, List.of(Role.AUTOMATION),
                "subjects:import persons:read", Instant.now().plusSeconds(7200), DevTokens.AUDIENCE));
        FaultProcesses.Server.jar();
        int http = FaultProcesses.property("spotcheck.faults.cluster-port", 9261);
        int transport = FaultProcesses.property("spotcheck.faults.cluster-transport-port", 9361);
        List<Integer> httpPorts = List.of(http, http + 1, http + 2);
        List<Integer> transportPorts = List.of(transport, transport + 1, transport + 2);
        for (int i = 0; i < 3; i++) {
            nodes.add(new FaultProcesses.Elasticsearch(httpPorts.get(i), transportPorts.get(i), httpPorts, transportPorts));
        }
        redis = new FaultProcesses.Redis(FaultProcesses.property("spotcheck.faults.cluster-redis-port", 6391));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "node-loss-cleanup"));
        long t = System.nanoTime();
        for (FaultProcesses.Elasticsearch node : nodes) {
            node.createFresh();
        }
        for (FaultProcesses.Elasticsearch node : nodes) {
            node.launch();
        }
        for (FaultProcesses.Elasticsearch node : nodes) {
            node.awaitUp("green");
        }
        redis.start();
        timings.put("three-node cluster (512 MB heaps) and Redis up", secondsSince(t));
        String uris = String.join(",", nodes.stream().map(FaultProcesses.Elasticsearch::url).toList());
        server = new FaultProcesses.Server("nodeloss", FaultProcesses.property("spotcheck.faults.cluster-server-port", 18490), List.of(
                "--spring.elasticsearch.uris=" + uris, "--spring.data.redis.url=" + redis.url(),
                "--spotcheck.elasticsearch.prefix=" + prefix, "--spotcheck.redis.key-prefix=" + redisPrefix,
                "--spotcheck.seed.enabled=true", "--spotcheck.seed.subjects=" + SUBJECTS));
        t = System.nanoTime();
        server.start();
        server.awaitUp(Duration.ofMinutes(5));
        timings.put("server start (first, creates the indices)", secondsSince(t));
        t = System.nanoTime();
        long loaded = 0;
        long lastMove = System.nanoTime();
        while (loaded < SUBJECTS && System.nanoTime() - lastMove < TimeUnit.MINUTES.toNanos(3)) {
            Thread.sleep(2000);
            long now = count(esUrl(), prefix + "subjects", matchAll());
            if (now > loaded) {
                lastMove = System.nanoTime();
            }
            loaded = now;
        }
        assertThat(loaded).as("generated subjects loaded").isEqualTo(SUBJECTS);
        timings.put(SUBJECTS + " subjects loaded (SubjectGenerator, bulk, one replica)", secondsSince(t));
        awaitGreen(Duration.ofMinutes(5));
        JsonNode layout = FaultClients.es(esUrl(), "GET", "/_cat/indices/" + prefix + "subjects_v*?format=json&h=index,pri,rep,docs.count,pri.store.size,store.size", null);
        say("loaded " + loaded + " subjects; cluster green; " + layout);
    }

    @AfterAll
    void stopCluster() {
        stopEverything();
        timings.put("whole node-loss suite", secondsSince(suiteStarted));
        say("timings:");
        timings.forEach((k, v) -> say(String.format("  %-70s %s", k, v)));
    }

    private volatile boolean stopped;

    synchronized void stopEverything() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (server != null) {
                server.kill9();
            }
            for (FaultProcesses.Elasticsearch node : nodes) {
                node.stop();
                if (!Boolean.getBoolean("spotcheck.faults.keep-data")) {
                    node.removeData();
                }
            }
            if (redis != null) {
                redis.stop();
            }
        } catch (Exception e) {
            System.err.println("node-loss cleanup: " + e);
        }
    }

    // ================================================================== the cluster

    /** A node that is running: every check reads through it. */
    String esUrl() {
        return nodes.stream().filter(FaultProcesses.Elasticsearch::running).findFirst().orElseThrow().url();
    }

    JsonNode health(String url) {
        try {
            FaultClients.Reply r = FaultClients.send("GET", url + "/_cluster/health?timeout=2s", null, null, Duration.ofSeconds(10));
            return r.body();
        } catch (IOException e) {
            return JSON.nullNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.nullNode();
        }
    }

    /** A random node killed with SIGKILL; waits until the survivors report the cluster yellow, and says how long that took. */
    FaultProcesses.Elasticsearch killANode(String test) throws Exception {
        JsonNode before = FaultClients.es(esUrl(), "GET", "/_cat/nodes?format=json&h=name,master", null);
        FaultProcesses.Elasticsearch victim = nodes.get(random.nextInt(nodes.size()));
        boolean master = false;
        for (JsonNode n : before) {
            master |= n.path("name").asText().equals("faults-" + victim.port) && "*".equals(n.path("master").asText());
        }
        long t = System.nanoTime();
        victim.kill9();
        String survivor = esUrl();
        String status = "";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            JsonNode h = health(survivor);
            status = h.path("status").asText();
            assertThat(status).as("the cluster after losing one node of three").isNotEqualTo("red");
            if ("yellow".equals(status) && h.path("number_of_nodes").asInt() == 2) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(status).as("cluster health after the kill").isEqualTo("yellow");
        String took = secondsSince(t);
        timings.put(test + ": node faults-" + victim.port + (master ? " (the elected master)" : "") + " killed, cluster yellow after", took);
        say("killed faults-" + victim.port + (master ? " (master)" : "") + "; yellow after " + took);
        return victim;
    }

    /** The killed node started again; waits for three nodes and green, and says how long that took. */
    void bringBack(FaultProcesses.Elasticsearch node, String test) throws Exception {
        long t = System.nanoTime();
        node.launch();
        node.awaitUp("yellow");
        awaitGreen(Duration.ofMinutes(5));
        String took = secondsSince(t);
        timings.put(test + ": node started again, cluster green (3 nodes) after", took);
        say("faults-" + node.port + " back; green after " + took);
    }

    void awaitGreen(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode h = null;
        while (System.nanoTime() < deadline) {
            h = health(esUrl());
            if ("green".equals(h.path("status").asText()) && h.path("number_of_nodes").asInt() == 3) {
                return;
            }
            Thread.sleep(250);
        }
        fail("the cluster did not return to green with 3 nodes: " + h);
    }

    // ================================================================== 1. scope build

    @Test
    @Order(1)
    void aNodeKilledDuringAScopeBuildLeavesTheScopeExact() throws Exception {
        server.awaitUp(Duration.ofMinutes(3));
        String scopeId = "S-NODE-LOSS";
        long started = System.nanoTime();
        Map<String, Object> request = Map.of("id", scopeId, "name", "node loss " + scopeId, "department", "SCJG", "kind", "FILTER", "filter", Map.of());
        JsonNode created = createScope(request);
        assertThat(created.path("errors").size()).as("%s", created).isZero();
        String key = redisPrefix + "checkpoint:scope:" + scopeId;
        long killAt = (long) (SUBJECTS * (0.2 + 0.4 * random.nextDouble()));
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (Long.parseLong(MiniRedis.hash(redis.port, key).getOrDefault("processed", "0")) < killAt) {
            if (System.nanoTime() > deadline) {
                fail("the walk never reached " + killAt + "; checkpoint " + MiniRedis.hash(redis.port, key));
            }
            Thread.sleep(20);
        }
        String status = scopeDoc(scopeId).path("status").asText();
        FaultProcesses.Elasticsearch victim = killANode("1. scope build");
        say("node killed with the walk past " + killAt + " members (scope " + status + ")");
        assertThat(status).as("the kill hit the build").isEqualTo("BUILDING");
        awaitFrozen(scopeId);
        timings.put("1. scope of " + SUBJECTS + " built with a node killed at " + killAt + " members, FROZEN after", secondsSince(started));
        assertThat(server.alive()).isTrue();
        long t = System.nanoTime();
        FaultClients.assertExactScope(esUrl(), prefix, scopeId);
        timings.put("1. exactness check (on two nodes)", secondsSince(t));
        bringBack(victim, "1. scope build");
    }

    // ================================================================== 2. draw

    @Test
    @Order(2)
    void aNodeKilledDuringADrawLeavesOneWholeRecordThatVerifies() throws Exception {
        server.awaitUp(Duration.ofMinutes(3));
        String scopeId = "S-NODE-LOSS";
        if (!"FROZEN".equals(scopeDoc(scopeId).path("status").asText())) {
            assertThat(createScope(Map.of("id", scopeId, "name", "node loss", "department", "SCJG", "kind", "FILTER", "filter", Map.of()))
                    .path("errors").size()).isZero();
            awaitFrozen(scopeId);
        }
        String warm = scopedTask(scopeId, "warm-up");
        long t = System.nanoTime();
        JsonNode warmDraw = graphql(server.url(), token, FaultSuiteIT.DRAW, Map.of("in", Map.of("taskId", warm, "publicValue", "warm-up")));
        long drawMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
        assertThat(FaultSuiteIT.incomplete(warmDraw.path("data").path("drawSubjects").path("record"))).as("%s", FaultSuiteIT.abbreviate(warmDraw)).isNull();
        timings.put("2. one draw over " + SUBJECTS + " members on three nodes (warm-up)", drawMillis + " ms");

        String taskId = scopedTask(scopeId, "node-loss");
        Map<String, Object> input = Map.of("taskId", taskId, "publicValue", "2026-12-04 上证指数 3398.21");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        long started = System.nanoTime();
        Future<JsonNode> first = pool.submit(() -> graphql(server.url(), token, FaultSuiteIT.DRAW, Map.of("in", input), Duration.ofMinutes(3)));
        long delay = (long) (drawMillis * (0.1 + 0.3 * random.nextDouble()));
        Thread.sleep(delay);
        FaultProcesses.Elasticsearch victim = killANode("2. draw");
        JsonNode reply = first.get(4, TimeUnit.MINUTES);
        pool.shutdown();
        JsonNode record = reply.path("data").path("drawSubjects").path("record");
        String outcome;
        int retries = 0;
        if (record.isObject()) {
            outcome = "drew on the first attempt";
        } else {
            // A draw the node loss broke must leave nothing half-written, and the same request draws again.
            outcome = "first attempt answered " + FaultSuiteIT.abbreviate(reply.path("errors").isEmpty() ? reply.path("data") : reply.path("errors"));
            while (!record.isObject() && retries < 10) {
                retries++;
                Thread.sleep(2000);
                JsonNode again = graphql(server.url(), token, FaultSuiteIT.DRAW, Map.of("in", input), Duration.ofMinutes(3));
                record = again.path("data").path("drawSubjects").path("record");
                if (!record.isObject() && "CONFLICT".equals(again.path("data").path("drawSubjects").path("errors").path(0).path("code").asText())) {
                    record = graphql(server.url(), token, FaultSuiteIT.RECORD, Map.of("t", taskId)).path("data").path("drawRecord");
                }
            }
        }
        say("draw " + delay + " ms in, node killed: " + outcome + (retries > 0 ? ", " + retries + " retries" : ""));
        timings.put("2. draw with a node killed " + delay + " ms in: " + outcome, secondsSince(started));
        assertThat(record.isObject()).as("a draw record after %d retries", retries).isTrue();
        assertThat(FaultSuiteIT.incomplete(record)).isNull();
        refresh(esUrl(), prefix + "draws");
        assertThat(count(esUrl(), prefix + "draws", term("taskId", taskId))).as("draw records of the task").isEqualTo(1);
        assertThat(graphql(server.url(), token, "query($id:String!){ task(id:$id){ status } }", Map.of("id", taskId))
                .path("data").path("task").path("status").asText()).isEqualTo("SUBJECTS_DRAWN");
        JsonNode v = graphql(server.url(), token, "query($id:String!){ verifyDraw(drawId:$id){ verdict recomputedSelectedDigest } }",
                Map.of("id", record.path("id").asText())).path("data").path("verifyDraw");
        assertThat(v.path("verdict").asText()).as("%s", v).isEqualTo("MATCH");
        assertThat(v.path("recomputedSelectedDigest").asText()).isEqualTo(record.path("selectedDigest").asText());
        bringBack(victim, "2. draw");
    }

    // ================================================================== 3. import

    @Test
    @Order(3)
    void aNodeKilledDuringAnImportLosesNoAcceptedRecord() throws Exception {
        server.awaitUp(Duration.ofMinutes(3));
        Path file = FaultProcesses.logs().resolve("nodeloss-import-" + run + ".ndjson");
        Map<String, String> valid = new TreeMap<>();
        Set<Long> invalidLines = new HashSet<>();
        FaultSuiteIT.writeImportFile(file, valid, invalidLines, 20261204L, IMPORT_LINES);
        String subjects = prefix + "subjects";
        refresh(esUrl(), subjects);
        long before = count(esUrl(), subjects, matchAll());
        long started = System.nanoTime();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<String> upload = pool.submit(() -> postImport(file));
        long killAt = before + (long) (valid.size() * (0.3 + 0.4 * random.nextDouble()));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        long stored = before;
        while (stored < killAt && System.nanoTime() < deadline && !upload.isDone()) {
            Thread.sleep(100);
            // the import refreshes at its end only: refreshed here, the count follows the bulk requests as they land
            refresh(esUrl(), subjects);
            stored = count(esUrl(), subjects, matchAll());
        }
        FaultProcesses.Elasticsearch victim = killANode("3. import");
        say("node killed with " + (stored - before) + " of " + valid.size() + " new records stored");
        String report = upload.get(10, TimeUnit.MINUTES);
        pool.shutdown();
        JsonNode summary = null;
        Set<Long> rejected = new HashSet<>();
        List<String> otherRejections = new ArrayList<>();
        for (String line : report.split("\n")) {
            JsonNode node = JSON.readTree(line);
            if (node.has("summary")) {
                summary = node.get("summary");
            } else if (node.has("error")) {
                fail("the import stopped: " + line);
            } else {
                rejected.add(node.path("line").asLong());
                if (!invalidLines.contains(node.path("line").asLong())) {
                    otherRejections.add(line);
                }
            }
        }
        timings.put("3. import of " + IMPORT_LINES + " lines with a node killed at " + (stored - before) + " stored", secondsSince(started));
        assertThat(otherRejections).as("valid records refused").isEmpty();
        assertThat(summary).as("summary of the import").isNotNull();
        assertThat(summary.path("total").asLong()).isEqualTo(IMPORT_LINES);
        assertThat(summary.path("accepted").asLong()).isEqualTo(valid.size());
        assertThat(rejected).isEqualTo(invalidLines);

        refresh(esUrl(), subjects);
        Map<String, String> storedNames = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        FaultClients.walkByCode(esUrl(), subjects, matchAll(), List.of("code", "name"), s -> {
            String code = s.path("code").asText();
            copies.merge(code, 1, Integer::sum);
            if (valid.containsKey(code)) {
                storedNames.put(code, s.path("name").asText());
            }
        });
        assertThat(copies.values().stream().filter(n -> n > 1).count()).as("codes stored twice").isZero();
        assertThat(storedNames).as("every accepted record, with its name").isEqualTo(valid);
        bringBack(victim, "3. import");
    }

    String postImport(Path file) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/subjects/import"))
                .timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + importToken)
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> response = FaultClients.HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("import answer: %s", response.body()).isEqualTo(200);
        return response.body();
    }

    // ================================================================== 4. result entry under load

    static final String SUBMIT = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id status resultCodes } errors { code message } } }";

    @Test
    @Order(4)
    void aNodeKilledDuringResultEntryUnderLoadLosesNoAcknowledgedResult() throws Exception {
        server.awaitUp(Duration.ofMinutes(3));
        String taskId = "nodeloss-results-" + UUID.randomUUID();
        List<String> subjects = resultFixture(taskId);
        String inspector = DevTokens.mint(signingKey, new DevTokens.Spec("nodeloss-ins-1", "fault suite inspector", "SCJG", "SCJG-S01",
                List.of(Role.INSPECTOR), null, Instant.now().plusSeconds(7200), DevTokens.AUDIENCE));

        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(subjects);
        Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicInteger attempts = new AtomicInteger();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(RESULT_CLIENTS);
        long started = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < RESULT_CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                String subject;
                while ((subject = queue.poll()) != null) {
                    List<String> codes = subject.hashCode() % 3 == 0 ? List.of("UNREACHABLE_AT_REGISTERED_ADDRESS") : List.of("NO_PROBLEM");
                    Map<String, Object> in = new LinkedHashMap<>();
                    in.put("taskId", taskId);
                    in.put("department", "SCJG");
                    in.put("subjectCode", subject);
                    in.put("resultCodes", codes);
                    in.put("itemRows", List.of(Map.of("itemCode", "SCJG-002", "checked", true, "problemFound", !codes.contains("NO_PROBLEM"))));
                    in.put("verificationMethods", List.of("ON_SITE"));
                    in.put("inspectionDate", "2026-12-03");
                    in.put("inspectorIds", List.of("nodeloss-ins-1", "nodeloss-ins-2"));
                    in.put("channel", "PHONE");
                    // a phone re-sends what was not acknowledged, until it is
                    for (int attempt = 0; attempt < 30; attempt++) {
                        attempts.incrementAndGet();
                        long t = System.nanoTime();
                        String problem;
                        try {
                            JsonNode r = graphql(server.url(), inspector, SUBMIT, Map.of("in", in), Duration.ofSeconds(60));
                            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
                            JsonNode payload = r.path("data").path("submitResult");
                            if (payload.path("result").isObject() && payload.path("errors").isEmpty()) {
                                acknowledged.put(subject, codes);
                                break;
                            }
                            problem = payload.path("errors").path(0).path("code").asText(r.path("errors").path(0).path("extensions").path("code").asText("?"));
                            if ("VERSION_CONFLICT".equals(problem) || "CONFLICT".equals(problem)) {
                                // an earlier attempt was stored although its answer was lost: that is the acknowledgement
                                if (storedResult(taskId, subject) != null) {
                                    failures.computeIfAbsent("stored by an unanswered attempt", k -> new AtomicInteger()).incrementAndGet();
                                    acknowledged.put(subject, codes);
                                    break;
                                }
                            } else if (!payload.path("errors").isEmpty()) {
                                // refused for what it says, not for the node loss: re-sending will not help
                                failures.computeIfAbsent("refused " + problem + ": " + payload.path("errors").path(0).path("message").asText(),
                                        k -> new AtomicInteger()).incrementAndGet();
                                break;
                            }
                        } catch (IOException e) {
                            problem = e.getClass().getSimpleName();
                        }
                        failures.computeIfAbsent(problem, k -> new AtomicInteger()).incrementAndGet();
                        Thread.sleep(500);
                    }
                }
                return null;
            }));
        }
        long killAt = RESULTS / 3;
        while (acknowledged.size() < killAt && clients.stream().anyMatch(f -> !f.isDone())) {
            Thread.sleep(20);
        }
        FaultProcesses.Elasticsearch victim = killANode("4. result entry");
        say("node killed with " + acknowledged.size() + " of " + RESULTS + " results acknowledged");
        for (Future<?> f : clients) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long elapsed = System.nanoTime() - started;
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        String figures = RESULTS + " results by " + RESULT_CLIENTS + " clients, " + attempts.get() + " submissions, not acknowledged: " + failures
                + ", p50 " + sorted.get(sorted.size() / 2) + " ms, p99 " + sorted.get((int) (sorted.size() * 0.99)) + " ms, max " + sorted.get(sorted.size() - 1) + " ms";
        say(figures);
        timings.put("4. " + figures, String.format("%.1f s", elapsed / 1e9));
        assertThat(acknowledged).as("results acknowledged").hasSize(RESULTS);
        // a write stored by a node that died before answering, sent again by the client, is that write, not a conflict
        assertThat(failures).as("submissions answered CONFLICT although their own write was stored").doesNotContainKey("stored by an unanswered attempt");

        // every acknowledged result is stored with its codes, read on the two surviving nodes
        refresh(esUrl(), prefix + "results");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : acknowledged.entrySet()) {
            JsonNode stored = storedResult(taskId, e.getKey());
            if (stored == null || !stored.path("resultCodes").toString().contains(e.getValue().get(0))) {
                missing.add(e.getKey() + " -> " + stored);
            }
        }
        assertThat(missing).as("acknowledged results missing or different").isEmpty();
        assertThat(count(esUrl(), prefix + "results", term("taskId", taskId))).as("one result per subject").isEqualTo(RESULTS);
        bringBack(victim, "4. result entry");
    }

    JsonNode storedResult(String taskId, String subject) throws IOException, InterruptedException {
        String id = java.net.URLEncoder.encode(Result.id(taskId, "SCJG", subject), StandardCharsets.UTF_8);
        FaultClients.Reply r = FaultClients.send("GET", esUrl() + "/" + prefix + "results/_doc/" + id, null, null, Duration.ofSeconds(30));
        return r.body().path("found").asBoolean() ? r.body().path("_source") : null;
    }

    /** An IN_PROGRESS task of SCJG over the first RESULTS subjects, each assigned to the suite's inspector (as ResultEntryIT does). */
    List<String> resultFixture(String taskId) throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        Task task = new Task(taskId, null, "节点故障结果录入", "SCJG", List.of("SCJG"), List.of("SCJG-002"),
                List.of(new Task.Part("SCJG", List.of("SCJG-002"), 40)), "DISTRICT", false,
                LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-31"), TaskStatus.IN_PROGRESS, null, null, false, "fault suite",
                OffsetDateTime.now(), OffsetDateTime.now(), null);
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = mapper.convertValue(task, Map.class);
        doc.remove("version");
        FaultClients.es(esUrl(), "PUT", "/" + prefix + "tasks/_doc/" + taskId + "?refresh=true", doc);
        JsonNode page = FaultClients.es(esUrl(), "POST", "/" + prefix + "subjects/_search",
                Map.of("size", RESULTS, "sort", List.of(Map.of("code", "asc")), "_source", List.of("code", "regionCode")));
        List<String> codes = new ArrayList<>();
        StringBuilder bulk = new StringBuilder();
        for (JsonNode hit : page.path("hits").path("hits")) {
            String code = hit.path("_source").path("code").asText();
            codes.add(code);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("taskId", taskId);
            a.put("department", "SCJG");
            a.put("agency", "SCJG-S01");
            a.put("subjectCode", code);
            a.put("region", hit.path("_source").path("regionCode").asText("330109001"));
            a.put("status", "ASSIGNED");
            a.put("assignedAt", Instant.now().toString());
            a.put("inspectorIds", List.of("nodeloss-ins-1", "nodeloss-ins-2"));
            bulk.append(JSON.writeValueAsString(Map.of("index", Map.of("_index", prefix + "assignments", "_id", taskId + ":SCJG:" + code)))).append('\n');
            bulk.append(JSON.writeValueAsString(a)).append('\n');
        }
        assertThat(codes).hasSize(RESULTS);
        FaultClients.Reply r = FaultClients.send("POST", esUrl() + "/_bulk?refresh=true", null, bulk.toString(), Duration.ofMinutes(2));
        assertThat(r.body().path("errors").asBoolean()).as("fixture bulk: %s", FaultSuiteIT.abbreviate(r.body())).isFalse();
        return codes;
    }

    // ================================================================== helpers

    JsonNode createScope(Map<String, Object> request) throws Exception {
        JsonNode r = graphql(server.url(), token, """
                mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { id: localId status } errors { code message } } }""",
                Map.of("in", request));
        JsonNode payload = r.path("data").path("createScope");
        assertThat(payload.isObject()).as("createScope answered: %s", r).isTrue();
        return payload;
    }

    JsonNode scopeDoc(String scopeId) throws Exception {
        return FaultClients.scopeDoc(esUrl(), prefix, scopeId);
    }

    void awaitFrozen(String scopeId) throws Exception {
        FaultClients.awaitFrozen(esUrl(), prefix, scopeId, JOB_TIMEOUT);
    }

    String scopedTask(String scopeId, String name) throws Exception {
        return FaultClients.scopedTask(server.url(), token, esUrl(), prefix, scopeId, "节点故障 " + name);
    }

    static String secondsSince(long nanos) {
        return FaultSuiteIT.secondsSince(nanos);
    }
}
