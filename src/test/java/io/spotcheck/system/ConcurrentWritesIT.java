package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.result.Result;
import io.spotcheck.result.ResultStore;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import io.spotcheck.task.TaskStore;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Fifty callers writing one document at the same moment, over real HTTP against the real
 * Elasticsearch: every acknowledged write is stored afterwards, identical requests leave one effect
 * and answer the others cleanly (the same answer or CONFLICT), and nobody is told
 * BACKEND_UNAVAILABLE or INTERNAL while the back ends are up.
 */
@IntegrationTest
class ConcurrentWritesIT {

    static final int CALLERS = 50;

    @LocalServerPort
    int port;
    @Autowired
    Testers testers;
    @Autowired
    io.spotcheck.result.ResultEffectsWorker effectsWorker;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    SubjectWriter subjects;
    @Autowired
    TaskStore tasks;
    @Autowired
    ResultStore results;
    @Autowired
    ScopeStore scopes;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void fiftyCallersEachAddingADifferentTagToOneSubjectAllKeepTheirTag() throws Exception {
        String code = subject("并发标签企业");
        String token = testers.token("SCJG", null, null, Role.DEPT_OPERATOR);
        List<JsonNode> answers = concurrently(CALLERS, i -> graphQl(token,
                "mutation($in: SetSubjectTagsInput!) { setSubjectTags(input: $in) { subject { code } errors { code } } }",
                Map.of("in", Map.of("code", code, "department", "SCJG", "add", List.of(Map.of("name", "并发" + i))))));
        for (JsonNode answer : answers) {
            assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
            assertThat(answer.path("data").path("setSubjectTags").path("errors").size()).as(answer.toString()).isZero();
        }
        Subject stored = subjects.get(code).subject();
        assertThat(stored.tags()).extracting(Subject.Tag::name)
                .containsAll(IntStream.range(0, CALLERS).mapToObj(i -> "并发" + i).toList());
        assertThat(stored.tagKeys()).hasSize(CALLERS);
    }

    @Test
    void identicalTagRequestsLeaveOneTagAndAllAnswerTheSame() throws Exception {
        String code = subject("同样标签企业");
        String token = testers.token("SCJG", null, null, Role.DEPT_OPERATOR);
        List<JsonNode> answers = concurrently(20, i -> graphQl(token,
                "mutation($in: SetSubjectTagsInput!) { setSubjectTags(input: $in) { subject { code } errors { code } } }",
                Map.of("in", Map.of("code", code, "department", "SCJG", "add", List.of(Map.of("name", "同一个"))))));
        for (JsonNode answer : answers) {
            assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
            assertThat(answer.path("data").path("setSubjectTags").path("subject").path("code").asText()).isEqualTo(code);
        }
        assertThat(subjects.get(code).subject().tags()).extracting(Subject.Tag::name).containsExactly("同一个");
    }

    @Test
    void fiftyChangesOfOneTaskPartFromOneVersionLeaveExactlyTheOneAcknowledged() throws Exception {
        String taskId = task(TaskStatus.DRAFT);
        long version = tasks.get(taskId).seqNo();
        String token = testers.token("WSJK", null, null, Role.DEPT_OPERATOR);
        List<JsonNode> answers = concurrently(CALLERS, i -> graphQl(token,
                "mutation($in: UpdateTaskPartInput!) { updateTaskPart(input: $in) { task { version } errors { code } } }",
                Map.of("in", Map.of("taskId", taskId, "expectedVersion", version, "department", "WSJK",
                        "itemCodes", List.of("WSJK-001"), "expectedOnSiteMinutes", 100 + i))));
        List<Integer> acknowledged = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            JsonNode answer = answers.get(i);
            assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
            JsonNode errors = answer.path("data").path("updateTaskPart").path("errors");
            if (errors.isEmpty()) {
                acknowledged.add(100 + i);
            } else {
                assertThat(errors.path(0).path("code").asText()).as(answer.toString()).isEqualTo("CONFLICT");
            }
        }
        assertThat(acknowledged).hasSize(1);
        Task stored = tasks.get(taskId).task();
        assertThat(stored.part("WSJK").expectedOnSiteMinutes()).isEqualTo(acknowledged.get(0));
        assertThat(stored.part("SCJG").expectedOnSiteMinutes()).isEqualTo(40);
    }

    @Test
    void fiftyResultsForDifferentSubjectsOfOneTaskAreAllStoredAndIdenticalFirstSubmissionsOfTwoCallersLeaveOneCallersResult() throws Exception {
        String taskId = task(TaskStatus.IN_PROGRESS);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            String code = subject("结果并发企业" + i);
            assign(taskId, code);
            codes.add(code);
        }
        String token = testers.token("SCJG", "SCJG-S01", null, Role.DEPT_OPERATOR);
        String submit = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id } errors { code } } }";
        List<JsonNode> answers = concurrently(CALLERS, i -> graphQl(token, submit, Map.of("in", result(taskId, codes.get(i)))));
        for (JsonNode answer : answers) {
            assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
            assertThat(answer.path("data").path("submitResult").path("errors").size()).as(answer.toString()).isZero();
        }
        // the subjects' last inspections follow the answers (docs/RESULTS.md)
        io.spotcheck.result.ResultEffectsSettle.settle(effectsWorker, client, names);
        for (String code : codes) {
            assertThat(results.get(Result.id(taskId, "SCJG", code))).as(code).isNotNull();
            assertThat(subjects.get(code).subject().lastInspections()).as(code).isNotEmpty();
        }
        String code = subject("同一结果企业");
        assign(taskId, code);
        // the same first submission, ten times from each of two operators at once: one of them stores it;
        // that operator's attempts are all answered with it (a re-send is that write), the other's are CONFLICT
        String other = io.spotcheck.security.DevTokens.mint(testers.signingKey(), new io.spotcheck.security.DevTokens.Spec("scjg-operator-2",
                "scjg-operator-2", "SCJG", "SCJG-S01", List.of(Role.DEPT_OPERATOR), null, java.time.Instant.now().plusSeconds(3600),
                io.spotcheck.security.DevTokens.AUDIENCE));
        List<JsonNode> same = concurrently(20, i -> graphQl(i % 2 == 0 ? token : other, submit, Map.of("in", result(taskId, code))));
        java.util.Set<String> okCallers = new java.util.HashSet<>();
        java.util.Set<String> answeredIds = new java.util.HashSet<>();
        int ok = 0;
        for (int i = 0; i < same.size(); i++) {
            JsonNode answer = same.get(i);
            assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
            JsonNode errors = answer.path("data").path("submitResult").path("errors");
            if (errors.isEmpty()) {
                ok++;
                okCallers.add(i % 2 == 0 ? "first" : "second");
                answeredIds.add(answer.path("data").path("submitResult").path("result").path("id").asText());
            } else {
                assertThat(errors.path(0).path("code").asText()).as(answer.toString()).isEqualTo("CONFLICT");
            }
        }
        assertThat(okCallers).as("one caller's submission stored, and only that caller told so").hasSize(1);
        assertThat(ok).isEqualTo(10);
        assertThat(answeredIds).as("every acknowledgement names the one result").hasSize(1);
        assertThat(results.get(Result.id(taskId, "SCJG", code)).result().submissionCount()).isEqualTo(1);
    }

    @Test
    void identicalCreateScopeRequestsAllAnswerTheOneScopeOrConflict() throws Exception {
        String id = "S-RACE-" + UUID.randomUUID();
        String token = testers.token("SCJG", null, null, Role.DEPT_OPERATOR);
        List<JsonNode> answers = concurrently(20, i -> graphQl(token,
                "mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { id: localId } errors { code } } }",
                Map.of("in", Map.of("id", id, "name", "并发范围", "department", "SCJG", "kind", "IMPORTED"))));
        for (JsonNode answer : answers) {
            assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
            JsonNode payload = answer.path("data").path("createScope");
            if (payload.path("errors").isEmpty()) {
                assertThat(payload.path("scope").path("id").asText()).isEqualTo(id);
            } else {
                assertThat(payload.path("errors").path(0).path("code").asText()).as(answer.toString()).isEqualTo("CONFLICT");
            }
        }
        assertThat(scopes.get(id)).isNotNull();
    }

    // ---------------------------------------------------------------- fixtures

    interface Call {
        JsonNode call(int i) throws Exception;
    }

    /** Runs {@code n} calls released at one moment; every HTTP answer must be a 200 (no 5xx) to come back. */
    List<JsonNode> concurrently(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<JsonNode>) () -> {
                    start.await();
                    return call.call(index);
                }));
            }
            start.countDown();
            List<JsonNode> answers = new ArrayList<>();
            for (Future<JsonNode> future : futures) {
                answers.add(future.get());
            }
            for (JsonNode answer : answers) {
                assertThat(answer.toString()).doesNotContain("BACKEND_UNAVAILABLE", "INTERNAL");
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    JsonNode graphQl(String token, String document, Map<String, Object> variables) throws Exception {
        HttpResponse<String> response = new RawHttp(port).post(json.writeValueAsString(Map.of("query", document, "variables", variables)),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    String subject(String name) throws Exception {
        String code = "91C" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("code", code);
        doc.put("kind", "ORGANISATION");
        doc.put("type", "ENTERPRISE");
        doc.put("name", name);
        doc.put("regionCode", "330109001");
        doc.put("status", "ACTIVE");
        client.index(i -> i.index(names.alias("subjects")).id(code).document(doc).refresh(Refresh.True));
        return code;
    }

    String task(TaskStatus status) {
        String taskId = "cw-" + UUID.randomUUID();
        tasks.create(new Task(taskId, null, "并发测试", "SCJG", List.of("SCJG", "WSJK"), List.of("SCJG-002", "WSJK-001"),
                List.of(new Task.Part("SCJG", List.of("SCJG-002"), 40), new Task.Part("WSJK", List.of("WSJK-001"), 30)), "DISTRICT", false,
                LocalDate.parse("2024-09-01"), LocalDate.parse("2024-12-31"), status, null, null, false, "test",
                OffsetDateTime.now(), OffsetDateTime.now(), null));
        return taskId;
    }

    void assign(String taskId, String subject) throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("taskId", taskId);
        a.put("department", "SCJG");
        a.put("agency", "SCJG-S01");
        a.put("subjectCode", subject);
        a.put("region", "330109001");
        a.put("status", "ASSIGNED");
        a.put("assignedAt", Instant.now().toString());
        a.put("inspectorIds", List.of("scjg-ins-1", "scjg-ins-2"));
        client.index(i -> i.index(names.alias("assignments")).id(taskId + ":SCJG:" + subject).document(a).refresh(Refresh.True));
    }

    static Map<String, Object> result(String taskId, String subject) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("taskId", taskId);
        in.put("department", "SCJG");
        in.put("subjectCode", subject);
        in.put("resultCodes", List.of("NO_PROBLEM"));
        in.put("itemRows", List.of(Map.of("itemCode", "SCJG-002", "checked", true, "problemFound", false)));
        in.put("verificationMethods", List.of("ON_SITE"));
        in.put("inspectionDate", "2024-09-27");
        in.put("inspectorIds", List.of("scjg-ins-1", "scjg-ins-2"));
        in.put("channel", "PC");
        return in;
    }
}
