package io.spotcheck.review;

import static io.spotcheck.subject.TestCodes.residentId;
import static io.spotcheck.review.ResultFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.TestPropertySource;

/** reviewResult, publishResults, the anonymous publishedResults and the NDJSON export, over one task's results in SCJG. */
@IntegrationTest
@TestPropertySource(properties = "spotcheck.review.today=2021-05-20")
class ReviewAndPublicationIT {

    static final String REVIEW = """
            mutation($id: String!, $v: Long!, $d: ReviewDecision!, $note: String) {
              reviewResult(id: $id, expectedVersion: $v, decision: $d, note: $note) {
                result { id status flag reviewedBy reviewNote version }
                errors { code message }
              }
            }""";
    static final String VERSION = """
            query($f: ReviewQueueFilter) { reviewQueue(filter: $f, first: 50) { edges { node { id version status } } } }""";
    static final String PUBLISH = """
            mutation($t: String!, $d: String!) { publishResults(taskId: $t, department: $d) { published skipped errors { code } } }""";
    static final String PUBLISHED = """
            query($f: PublishedResultFilter, $first: Int, $after: String) {
              publishedResults(filter: $f, first: $first, after: $after) {
                totalCount pageInfo { hasNextPage endCursor }
                edges { node { id taskId department agency subjectCode subjectName subjectKind itemCodes resultCodes inspectionDate publishedAt } }
              }
            }""";

    @Autowired
    Testers testers;
    @Autowired
    io.spotcheck.result.ResultEffectsWorker effectsWorker;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ObjectMapper json;
    @LocalServerPort
    int port;

    String task;
    final Map<String, String> ids = new LinkedHashMap<>();
    String personCode;

    @BeforeEach
    void aTaskWithResultsInEveryState() throws Exception {
        task = ResultFixtures.unique("T-IT-P-");
        personCode = "33010919800101" + String.format("%04d", (int) (Math.random() * 10000));
        List<Map<String, Object>> docs = new ArrayList<>();
        add(docs, "submitted", "SCJG-S01", "SUBMITTED", "2021-05-06", Map.of());
        add(docs, "second", "SCJG-S01", "SUBMITTED", "2021-05-07", Map.of());
        add(docs, "own", "SCJG-S01", "SUBMITTED", "2021-05-07", Map.of("submittedBy", "SCJG-agency_reviewer"));
        add(docs, "s02", "SCJG-S02", "SUBMITTED", "2021-05-06", Map.of());
        add(docs, "approvedOrg", "SCJG-S02", "APPROVED", "2021-04-21", Map.of("resultCodes", List.of("PROBLEM_CORRECTED"), "problemFound", true));
        add(docs, "approvedPerson", "SCJG-S01", "APPROVED", "2021-04-22", Map.of("subjectCode", personCode, "subjectKind", "NATURAL_PERSON",
                "subjectName", "张三丰", "id", task + "|SCJG|" + personCode));
        add(docs, "published", "SCJG-BUREAU", "PUBLISHED", "2021-04-01", Map.of());
        add(docs, "rejected", "SCJG-S01", "REJECTED", "2021-04-23", Map.of());
        ResultFixtures.index(client, names, "results", docs);
    }

    private void add(List<Map<String, Object>> docs, String name, String agency, String status, String date, Map<String, Object> with) {
        Map<String, Object> doc = result(task, "SCJG", agency, ResultFixtures.unique("9133010"), status, date, with);
        ids.put(name, (String) doc.get("id"));
        docs.add(doc);
    }

    long version(String name) {
        List<Object> nodes = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_ADMIN).document(VERSION).variable("f", Map.of("taskId", task))
                .execute().path("reviewQueue.edges[*].node").entityList(Object.class).get();
        for (Object o : nodes) {
            Map<?, ?> node = (Map<?, ?>) o;
            if (ids.get(name).equals(node.get("id"))) {
                return ((Number) node.get("version")).longValue();
            }
        }
        throw new AssertionError("no result " + name);
    }

    GraphQlTester.Response review(HttpGraphQlTester as, String name, long version, String decision, String note) {
        return as.document(REVIEW).variable("id", ids.get(name)).variable("v", version).variable("d", decision).variable("note", note).execute();
    }

    HttpGraphQlTester s01() {
        return testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER);
    }

    @Test
    void theStationsReviewerApprovesOnceAndTheResultLeavesTheUnreviewedState() {
        GraphQlTester.Response ok = review(s01(), "submitted", version("submitted"), "APPROVE", "checked");
        ok.path("reviewResult.errors").entityList(Object.class).hasSize(0);
        ok.path("reviewResult.result.status").entity(String.class).isEqualTo("APPROVED");
        ok.path("reviewResult.result.reviewedBy").entity(String.class).isEqualTo("SCJG-agency_reviewer");
        ok.path("reviewResult.result.reviewNote").entity(String.class).isEqualTo("checked");
        review(s01(), "submitted", version("submitted"), "APPROVE", null)
                .path("reviewResult.errors[0].code").entity(String.class).isEqualTo("INVALID_STATE");
    }

    @Test
    void aStaleVersionARejectionWithoutANoteAndSelfReviewAreRefusedAsData() {
        long v = version("second");
        review(s01(), "second", v + 7, "APPROVE", null).path("reviewResult.errors[0].code").entity(String.class).isEqualTo("CONFLICT");
        review(s01(), "second", v, "REJECT", " ").path("reviewResult.errors[0].code").entity(String.class).isEqualTo("NOTE_REQUIRED");
        review(s01(), "own", version("own"), "APPROVE", null).path("reviewResult.errors[0].code").entity(String.class).isEqualTo("SELF_REVIEW");
        GraphQlTester.Response rejected = review(s01(), "second", v, "REJECT", "photo of the licence missing");
        rejected.path("reviewResult.result.status").entity(String.class).isEqualTo("REJECTED");
        assertThat(version("second")).isGreaterThan(v);
    }

    @Test
    void anotherStationsReviewerIsForbiddenAndTheBureausReviewerMayReviewAnyStation() {
        review(s01(), "s02", version("s02"), "APPROVE", null)
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        review(testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_ADMIN), "s02", version("s02"), "APPROVE", null)
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        review(testers.as("SCJG", "SCJG-BUREAU", Role.AGENCY_REVIEWER), "s02", version("s02"), "APPROVE", null)
                .path("reviewResult.result.status").entity(String.class).isEqualTo("APPROVED");
    }


    @Test
    void anotherStationsReviewerCannotTellAPersonsResultFromAMissingOne() throws Exception {
        // A person's SUBMITTED result at SCJG-S02, and a wrong guess of its ID that reads the same masked (other birth date).
        String person = residentId("330109" + "19800101" + String.format("%03d", (int) (Math.random() * 1000)));
        String guess = null;
        for (java.time.LocalDate born = java.time.LocalDate.of(1940, 1, 1); guess == null; born = born.plusDays(1)) {
            String candidate = residentId("330109" + born.toString().replace("-", "") + person.substring(14, 17));
            if (!candidate.equals(person) && io.spotcheck.privacy.PersonMask.id(candidate).equals(io.spotcheck.privacy.PersonMask.id(person))) {
                guess = candidate;
            }
        }
        Map<String, Object> doc = result(task, "SCJG", "SCJG-S02", person, "SUBMITTED", "2021-05-06",
                Map.of("subjectKind", "NATURAL_PERSON", "subjectName", "李四"));
        ResultFixtures.index(client, names, "results", List.of(doc));
        String id = (String) doc.get("id");
        String missing = task + "|SCJG|" + guess;
        ids.put("person", id);
        long v = version("person");
        for (long expected : List.of(v, v + 7)) {
            List<String> answers = new ArrayList<>();
            for (String asked : List.of(id, missing)) {
                s01().document(REVIEW).variable("id", asked).variable("v", expected).variable("d", "APPROVE").variable("note", null).execute()
                        .errors().satisfy(errors -> {
                            assertThat(errors).singleElement().satisfies(e -> {
                                assertThat(e.getExtensions()).containsEntry("code", "NOT_FOUND");
                                assertThat(e.getMessage()).doesNotContain(person).doesNotContain(asked);
                                answers.add(e.getMessage() + " " + e.getExtensions() + " " + e.getPath());
                            });
                        });
            }
            assertThat(answers.get(0)).as("a right guess reads exactly like a wrong one").isEqualTo(answers.get(1));
        }
        // an organisation's result out of reach stays FORBIDDEN (its code is public); the person's own reviewers still review
        review(s01(), "s02", version("s02"), "APPROVE", null)
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        review(testers.as("SCJG", "SCJG-S02", Role.AGENCY_REVIEWER), "person", v + 7, "APPROVE", null)
                .path("reviewResult.errors[0].code").entity(String.class).isEqualTo("CONFLICT");
        review(testers.as("SCJG", "SCJG-BUREAU", Role.AGENCY_REVIEWER), "person", v, "APPROVE", null)
                .path("reviewResult.result.status").entity(String.class).isEqualTo("APPROVED");
    }

    @Test
    void publishingMakesTheApprovedResultsPublicMaskedAndExportable() throws Exception {
        // before: the public sees only what was already published
        publicIds(Map.of("taskId", task)).containsExactly(ids.get("published"));
        ResultFixtures.index(client, names, "tasks", List.of(Map.of("id", task, "name", "测试任务", "leadDepartment", "SCJG",
                "departments", List.of("SCJG"), "itemCodes", List.of("SCJG-001"), "level", "DISTRICT", "status", "REVIEWING",
                "createdAt", java.time.OffsetDateTime.now().toString())));

        testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR).document(PUBLISH).variable("t", task).variable("d", "SCJG").execute()
                .path("publishResults.published").entity(Integer.class).isEqualTo(2)
                .path("publishResults.skipped").entity(Integer.class).isEqualTo(0);

        GraphQlTester.Response page = testers.anonymous().document(PUBLISHED).variable("f", Map.of("taskId", task)).variable("first", 50).execute();
        page.path("publishedResults.totalCount").entity(Long.class).isEqualTo(3L);
        String masked = personCode.substring(0, 6) + "********" + personCode.substring(14);
        // newest inspection first: person 04-22, organisation 04-21, published 04-01
        page.path("publishedResults.edges[*].node.subjectCode").entityList(String.class)
                .containsExactly(masked, codeOf("approvedOrg"), codeOf("published"));
        page.path("publishedResults.edges[0].node.subjectName").entity(String.class).isEqualTo("张*");
        page.path("publishedResults.edges[0].node.id").entity(String.class).isEqualTo(task + "|SCJG|" + masked);
        String everything = page.path("publishedResults").entity(JsonNode.class).get().toString();
        assertThat(everything).doesNotContain(personCode).doesNotContain("SUBMITTED");
        // the public cannot probe a person's identifier
        publicIds(Map.of("taskId", task, "subjectCode", personCode)).hasSize(0);
        publicIds(Map.of("taskId", task, "subjectCode", codeOf("approvedOrg"))).containsExactly(ids.get("approvedOrg"));

        HttpResponse<String> export = new RawHttp(port).send("GET", "/export/published-results.ndjson?taskId=" + task, Map.of(), null);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        String[] lines = export.body().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(export.body()).doesNotContain(personCode).doesNotContain("INS-SECRET").doesNotContain("张三丰");
        Map<String, JsonNode> byCode = new LinkedHashMap<>();
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            assertThat(node.fieldNames()).toIterable().containsExactly("统一社会信用代码/注册号", "企业名称", "检查实施机关", "检查站所",
                    "检查类型", "检查日期", "检查结果", "抽查任务编号", "抽查任务名称", "抽查事项", "联合抽查", "公示日期");
            byCode.put(node.path("统一社会信用代码/注册号").asText(), node);
        }
        JsonNode org = byCode.get(codeOf("approvedOrg"));
        assertThat(org.path("检查实施机关").asText()).isEqualTo("杭州市萧山区市场监督管理局");
        assertThat(org.path("检查站所").asText()).isEqualTo("北干市场监管所");
        assertThat(org.path("检查类型").asText()).isEqualTo("双随机抽查");
        assertThat(org.path("检查日期").asText()).isEqualTo("2021-04-21");
        assertThat(org.path("检查结果").asText()).isEqualTo("发现问题已责令改正");
        assertThat(org.path("抽查任务编号").asText()).isEqualTo(task);
        assertThat(org.path("联合抽查").asText()).isEqualTo("否");
        assertThat(byCode.get(masked).path("企业名称").asText()).isEqualTo("张*");
        assertThat(byCode.get(codeOf("published")).path("检查结果").asText()).isEqualTo("未发现问题");

        HttpResponse<String> bad = new RawHttp(port).send("GET", "/export/published-results.ndjson?from=yesterday", Map.of(), null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("BAD_USER_INPUT");
    }

    @Test
    void publishingIsTheDepartmentsAndNeedsAParticipatingTask() {
        testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER).document(PUBLISH).variable("t", task).variable("d", "SCJG").execute()
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR).document(PUBLISH).variable("t", task).variable("d", "SCJG").execute()
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR).document(PUBLISH).variable("t", task).variable("d", "SCJG").execute()
                .path("publishResults.errors[0].code").entity(String.class).isEqualTo("UNKNOWN_TASK");
        publicIds(Map.of("taskId", task)).containsExactly(ids.get("published"));
    }

    @Test
    void thePublicWalksPublishedResultsPageByPage() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            GraphQlTester.Response page = testers.anonymous().document(PUBLISHED).variable("f", Map.of("department", "SCJG", "to", "2021-04-30"))
                    .variable("first", 1).variable("after", after).execute();
            seen.addAll(page.path("publishedResults.edges[*].node.id").entityList(String.class).get());
            after = page.path("publishedResults.pageInfo.hasNextPage").entity(Boolean.class).get()
                    ? page.path("publishedResults.pageInfo.endCursor").entity(String.class).get() : null;
            pages++;
        } while (after != null && pages < 500);
        assertThat(seen).contains(ids.get("published")).doesNotHaveDuplicates();
        assertThat(seen).doesNotContain(ids.get("submitted"), ids.get("approvedOrg"));
    }

    @Test
    void aResultSubmittedFromThePhoneIsFlaggedReviewedPublishedAndExported() throws Exception {
        String t2 = ResultFixtures.unique("T-IT-E2E-");
        String subject = ResultFixtures.unique("91330109E");
        ResultFixtures.index(client, names, "tasks", List.of(Map.of("id", t2, "name", "端到端任务", "leadDepartment", "SCJG",
                "departments", List.of("SCJG"), "itemCodes", List.of("SCJG-002"), "level", "DISTRICT", "status", "IN_PROGRESS",
                "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002"))),
                "createdAt", java.time.OffsetDateTime.now().toString())));
        ResultFixtures.index(client, names, "assignments", List.of(Map.of("id", t2 + ":SCJG:" + subject, "taskId", t2, "department", "SCJG",
                "agency", "SCJG-S01", "subjectCode", subject, "status", "ASSIGNED", "inspectorIds", List.of("SCJG-inspector", "e2e-2"))), false);
        testers.as("SCJG", "SCJG-S01", Role.INSPECTOR).document("""
                        mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id status } errors { code message } } }""")
                .variable("in", Map.of("taskId", t2, "department", "SCJG", "subjectCode", subject, "resultCodes", List.of("NO_PROBLEM"),
                        "itemRows", List.of(Map.of("itemCode", "SCJG-002", "checked", true)), "verificationMethods", List.of("ON_SITE"),
                        "inspectionDate", "2021-04-26", "inspectorIds", List.of("SCJG-inspector", "e2e-2"), "channel", "PHONE"))
                .execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
        String id = t2 + "|SCJG|" + subject;
        // the review queue searches: the result is there from the next refresh on
        io.spotcheck.result.ResultEffectsSettle.settle(effectsWorker, client, names);

        GraphQlTester.Response queue = s01().document(ReviewQueueIT.QUEUE).variable("f", Map.of("taskId", t2)).variable("first", 10).execute();
        queue.path("reviewQueue.edges[*].node.id").entityList(String.class).containsExactly(id);
        queue.path("reviewQueue.edges[0].node.flag").entity(String.class).isEqualTo("YELLOW");
        long v = queue.path("reviewQueue.edges[0].node.version").entity(Long.class).get();

        s01().document(REVIEW).variable("id", id).variable("v", v).variable("d", "APPROVE").execute()
                .path("reviewResult.result.status").entity(String.class).isEqualTo("APPROVED")
                .path("reviewResult.result.flag").entity(String.class).isEqualTo("NONE");
        testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR).document(PUBLISH).variable("t", t2).variable("d", "SCJG").execute()
                .path("publishResults.published").entity(Integer.class).isEqualTo(1);
        publicIds(Map.of("taskId", t2)).containsExactly(id);
        String line = new RawHttp(port).send("GET", "/export/published-results.ndjson?taskId=" + t2, Map.of(), null).body().trim();
        JsonNode node = json.readTree(line);
        assertThat(node.path("抽查任务名称").asText()).isEqualTo("端到端任务");
        assertThat(node.path("检查日期").asText()).isEqualTo("2021-04-26");
        assertThat(node.path("检查结果").asText()).isEqualTo("未发现问题");
    }

    @Test
    void theExportStreamsTasksLargerThanOnePageCompletely() throws Exception {
        String big = ResultFixtures.unique("T-IT-BIG-");
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            docs.add(result(big, "STHJ", i % 2 == 0 ? "STHJ-S01" : "STHJ-S02", String.format("91330109BIG%07d", i),
                    i % 10 == 0 ? "APPROVED" : "PUBLISHED", "2021-06-0" + (1 + i % 9), Map.of()));
        }
        ResultFixtures.index(client, names, "results", docs);
        HttpResponse<String> export = new RawHttp(port).send("GET", "/export/published-results.ndjson?taskId=" + big + "&department=STHJ",
                Map.of(), null);
        assertThat(export.statusCode()).isEqualTo(200);
        String[] lines = export.body().split("\n");
        // 1234 results, every tenth (124 of them) only approved
        assertThat(lines).hasSize(1234 - 124);
        assertThat(java.util.Arrays.stream(lines).map(l -> l.substring(0, l.indexOf(','))).distinct().count()).isEqualTo(1234 - 124);
    }

    private String codeOf(String name) {
        String id = ids.get(name);
        return id.substring(id.lastIndexOf('|') + 1);
    }

    private org.springframework.graphql.test.tester.GraphQlTester.EntityList<String> publicIds(Map<String, Object> filter) {
        return testers.anonymous().document(PUBLISHED).variable("f", filter).variable("first", 50).execute()
                .path("publishedResults.edges[*].node.id").entityList(String.class);
    }
}
