package io.spotcheck.result;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import io.spotcheck.task.TaskStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Latency of {@code submitResult} through HTTP: ~200 sequential first submissions, then ~200 from 8
 * concurrent clients, each on its own subject. A measurement, not part of the suite: it runs only with
 * {@code -Dspotcheck.bench.results=true} and prints p50/p95 (the figures reported with issue 24 item 4).
 */
@IntegrationTest
class ResultEntryLatencyIT {

    static final String SUBMIT = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id version } errors { code } } }";
    static final List<String> INSPECTORS = List.of("lat-ins-1", "lat-ins-2");

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    TaskStore tasks;
    @LocalServerPort
    int port;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void submitResultLatency() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("spotcheck.bench.results"), "a measurement: -Dspotcheck.bench.results=true");
        int n = Integer.getInteger("spotcheck.bench.results.n", 200);
        String taskId = "lat-" + UUID.randomUUID();
        tasks.create(new Task(taskId, null, "结果录入时延", "SCJG", List.of("SCJG"), List.of("SCJG-002"),
                List.of(new Task.Part("SCJG", List.of("SCJG-002"), 40)), "DISTRICT", false,
                LocalDate.parse("2024-09-01"), LocalDate.parse("2024-12-31"), TaskStatus.IN_PROGRESS, null, null, false, "test",
                OffsetDateTime.now(), OffsetDateTime.now(), null));
        List<String> subjects = new ArrayList<>();
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        for (int i = 0; i < 2 * n + 20; i++) {
            String code = String.format(Locale.ROOT, "91LAT%013d", i) + taskId.substring(4, 8).toUpperCase(Locale.ROOT);
            subjects.add(code);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("code", code);
            s.put("kind", "ORGANISATION");
            s.put("type", "ENTERPRISE");
            s.put("name", "时延测试企业" + i);
            s.put("regionCode", "330109001");
            s.put("status", "ACTIVE");
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("taskId", taskId);
            a.put("department", "SCJG");
            a.put("agency", "SCJG-S01");
            a.put("subjectCode", code);
            a.put("region", "330109001");
            a.put("status", "ASSIGNED");
            a.put("assignedAt", Instant.now().toString());
            a.put("inspectorIds", INSPECTORS);
            bulk.operations(o -> o.index(x -> x.index(names.alias("subjects")).id(code).document(s)));
            bulk.operations(o -> o.index(x -> x.index(names.alias("assignments")).id(taskId + ":SCJG:" + code).document(a)));
        }
        assertThat(client.bulk(bulk.build()).errors()).isFalse();
        String token = DevTokens.mint(testers.signingKey(), new DevTokens.Spec("lat-ins-1", "lat-ins-1", "SCJG", "SCJG-S01",
                List.of(Role.INSPECTOR), null, Instant.now().plusSeconds(7200), DevTokens.AUDIENCE));
        RawHttp http = new RawHttp(port);
        AtomicInteger next = new AtomicInteger();
        // warm-up
        for (int i = 0; i < 20; i++) {
            submit(http, token, taskId, subjects.get(next.getAndIncrement()));
        }
        List<Double> sequential = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sequential.add(submit(http, token, taskId, subjects.get(next.getAndIncrement())));
        }
        List<Double> concurrent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            clients.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < subjects.size()) {
                    concurrent.add(submit(http, token, taskId, subjects.get(i)));
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "submitResult latency: sequential n=%d p50 %.1f ms p95 %.1f ms; 8 clients n=%d p50 %.1f ms p95 %.1f ms, %.1f/s%n",
                sequential.size(), pct(sequential, 50), pct(sequential, 95), concurrent.size(), pct(concurrent, 50), pct(concurrent, 95),
                concurrent.size() / seconds);
    }

    double submit(RawHttp http, String token, String taskId, String subject) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("taskId", taskId);
        in.put("department", "SCJG");
        in.put("subjectCode", subject);
        in.put("resultCodes", List.of("UNREACHABLE_AT_REGISTERED_ADDRESS"));
        in.put("itemRows", List.of(Map.of("itemCode", "SCJG-002", "checked", true, "problemFound", true)));
        in.put("verificationMethods", List.of("ON_SITE"));
        in.put("inspectionDate", "2024-09-27");
        in.put("inspectorIds", INSPECTORS);
        in.put("channel", "PHONE");
        String body = json.writeValueAsString(Map.of("query", SUBMIT, "variables", Map.of("in", in)));
        long t0 = System.nanoTime();
        var response = http.send("POST", "/graphql", Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"), body);
        double ms = (System.nanoTime() - t0) / 1e6;
        JsonNode node = json.readTree(response.body());
        assertThat(node.path("data").path("submitResult").path("errors").size()).as(response.body()).isZero();
        assertThat(node.path("data").path("submitResult").path("result").path("id").asText()).isNotEmpty();
        return ms;
    }

    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
