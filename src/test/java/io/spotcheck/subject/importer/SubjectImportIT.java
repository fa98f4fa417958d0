package io.spotcheck.subject.importer;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.TestCodes;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@IntegrationTest
class SubjectImportIT {

    @Autowired
    Testers testers;
    @Autowired
    SubjectWriter writer;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @LocalServerPort
    int port;

    final ObjectMapper json = new ObjectMapper();

    String importToken() {
        return testers.token("SCJG", null, "subjects:import", Role.AUTOMATION);
    }

    HttpResponse<String> post(String contentType, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/subjects/import"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String ndjsonLine(String code, String name) {
        return "{\"code\":\"" + code + "\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"name\":\"" + name
                + "\",\"regionCode\":\"330109004\",\"status\":\"ACTIVE\",\"industryCode\":\"H6210\",\"licences\":[\"FOOD_BUSINESS\"]}";
    }

    record Report(List<JsonNode> rejected, JsonNode summary) {
        List<Long> rejectedLines() {
            return rejected.stream().map(r -> r.path("line").asLong()).toList();
        }
    }

    Report report(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> rejected = new ArrayList<>();
        JsonNode summary = null;
        for (String line : response.body().split("\n")) {
            JsonNode node = json.readTree(line);
            if (node.has("summary")) {
                summary = node.get("summary");
            } else {
                rejected.add(node);
            }
        }
        assertThat(summary).as("summary line").isNotNull();
        return new Report(rejected, summary);
    }

    long countCodes(List<String> codes) throws Exception {
        writer.refresh();
        List<FieldValue> values = codes.stream().map(FieldValue::of).toList();
        return client.count(c -> c.index(names.alias("subjects"))
                .query(q -> q.terms(t -> t.field("code").terms(v -> v.value(values))))).count();
    }

    /** Another department (WSJK) tags the subject by hand; answers that tag as stored. */
    Subject.Tag tagByHand(String code) {
        testers.as("WSJK", null, Role.DEPT_OPERATOR).document("""
                mutation($input: SetSubjectTagsInput!) { setSubjectTags(input: $input) { errors { code } } }""")
                .variable("input", Map.of("code", code, "department", "WSJK", "add", List.of(Map.of("name", "重点")))).execute()
                .path("setSubjectTags.errors").entityList(Object.class).hasSize(0);
        return writer.get(code).subject().tags().stream().filter(t -> t.department().equals("WSJK")).findFirst().orElseThrow();
    }

    @Test
    void aMixedNdjsonFileImportsExactlyTheValidRecordsOnceAndReportsEachRejectedLine() throws Exception {
        List<String> valid = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String code = TestCodes.newCode();
            valid.add(code);
            body.append(ndjsonLine(code, "有效" + i)).append('\n');
        }
        String good = TestCodes.newCode();
        String badCheck = good.substring(0, 17) + (good.charAt(17) == '0' ? '1' : '0');
        body.append(ndjsonLine(badCheck, "校验位错")).append('\n');                          // line 21
        body.append("{\"code\": broken\n");                                                    // line 22
        body.append(ndjsonLine("９" + good.substring(1), "全角")).append('\n');              // line 23
        body.append(ndjsonLine(TestCodes.newCode(), "空\\u0000字符")).append('\n');           // line 24
        String lastValid = TestCodes.newCode();
        valid.add(lastValid);
        body.append(ndjsonLine(lastValid, "最后")).append('\n');                               // line 25

        Report first = report(post("application/x-ndjson", body.toString(), importToken()));
        assertThat(first.rejectedLines()).containsExactly(21L, 22L, 23L, 24L);
        assertThat(first.rejected().get(0).path("errors").get(0).path("code").asText()).isEqualTo("INVALID_CREDIT_CODE");
        assertThat(first.rejected().get(2).path("errors").get(0).path("code").asText()).isEqualTo("FULL_WIDTH_CHARACTERS");
        assertThat(first.rejected().get(3).path("errors").get(0).path("code").asText()).isEqualTo("CONTROL_CHARACTER");
        assertThat(first.summary().path("total").asLong()).isEqualTo(25);
        assertThat(first.summary().path("accepted").asLong()).isEqualTo(21);
        assertThat(first.summary().path("rejected").asLong()).isEqualTo(4);
        assertThat(countCodes(valid)).isEqualTo(21);
        assertThat(countCodes(List.of(badCheck))).isZero();

        // A department tags one of them by hand; re-importing the same file keeps that tag as it was.
        Subject.Tag manual = tagByHand(lastValid);

        Report again = report(post("application/x-ndjson", body.toString(), importToken()));
        assertThat(again.rejectedLines()).containsExactly(21L, 22L, 23L, 24L);
        assertThat(again.summary().path("accepted").asLong()).isEqualTo(21);
        assertThat(again.summary().path("unchanged").asLong()).isEqualTo(21);
        assertThat(countCodes(valid)).isEqualTo(21);
        assertThat(writer.get(lastValid).subject().tags()).contains(manual);

        String renamed = body.toString().replace("\"最后\"", "\"最后（更名）\"");
        report(post("application/x-ndjson", renamed, importToken()));
        Subject after = writer.get(lastValid).subject();
        assertThat(after.name()).isEqualTo("最后（更名）");
        assertThat(after.tags()).contains(manual);
        assertThat(countCodes(valid)).isEqualTo(21);
    }

    @Test
    void anImportBatchLeavesOneAuditEntryPerChangedFieldSetWhichSubjectChangesListsForEachOfItsSubjects() throws Exception {
        List<String> codes = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String code = TestCodes.newCode();
            codes.add(code);
            body.append(ndjsonLine(code, "来源" + i)).append('\n');
        }
        report(post("application/x-ndjson", body.toString(), importToken()));
        // two of them renamed, three unchanged: one more entry, for the two
        String renamed = body.toString().replace("\"来源0\"", "\"来源0（更名）\"").replace("\"来源1\"", "\"来源1（更名）\"");
        assertThat(report(post("application/x-ndjson", renamed, importToken())).summary().path("unchanged").asLong()).isEqualTo(3);

        client.indices().refresh(r -> r.index(names.alias("audit")));
        List<FieldValue> values = codes.stream().map(FieldValue::of).toList();
        long entries = client.count(c -> c.index(names.alias("audit")).query(q -> q.bool(b -> b
                .filter(x -> x.term(t -> t.field("action").value("subject.import")))
                .filter(x -> x.terms(t -> t.field("target").terms(v -> v.value(values))))))).count();
        assertThat(entries).isEqualTo(2);

        HttpGraphQlTester reader = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        String query = "query($c:String!){ subjectChanges(code:$c, first: 10){ totalCount edges { node { by source fields batch } } } }";
        for (int i = 0; i < codes.size(); i++) {
            GraphQlTester.Response changes = reader.document(query).variable("c", codes.get(i)).execute();
            changes.path("subjectChanges.totalCount").entity(Integer.class).isEqualTo(i < 2 ? 2 : 1);
            changes.path("subjectChanges.edges[*].node.source").entityList(String.class).get().forEach(source -> assertThat(source).isEqualTo("import"));
            changes.path("subjectChanges.edges[*].node.by").entityList(String.class).get().forEach(by -> assertThat(by).isEqualTo("SCJG-automation"));
            changes.path("subjectChanges.edges[" + (i < 2 ? 1 : 0) + "].node.fields").entityList(String.class)
                    .contains("name", "regionCode", "status");
            changes.path("subjectChanges.edges[" + (i < 2 ? 1 : 0) + "].node.batch").entity(String.class)
                    .satisfies(batch -> assertThat(batch).matches("[0-9a-f-]{36}/1"));
            if (i < 2) {
                changes.path("subjectChanges.edges[0].node.fields").entityList(String.class).containsExactly("name");
            }
        }

        // the audit log finds the batch's entry by any of its codes and shows it for that one
        testers.platformAdmin().document("query($t:String){ auditLog(filter:{target:$t, actions:[\"subject.import\"]}, first: 5){ totalCount "
                        + "nodes { target } } }").variable("t", codes.get(4)).execute()
                .path("auditLog.totalCount").entity(Integer.class).isEqualTo(1)
                .path("auditLog.nodes[0].target").entity(String.class).isEqualTo(codes.get(4));
    }

    @Test
    void aFileOfNewSubjectsThatLaterReachesStoredOnesStillMergesThemWithWhatIsStored() throws Exception {
        // Stored beforehand: 40 subjects, one of them tagged by hand by another department.
        List<String> storedCodes = new ArrayList<>();
        StringBuilder before = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String code = TestCodes.newCode();
            storedCodes.add(code);
            before.append(ndjsonLine(code, "旧名" + i)).append('\n');
        }
        String same = TestCodes.newCode();
        before.append(ndjsonLine(same, "不变")).append('\n');
        report(post("application/x-ndjson", before.toString(), importToken()));
        String tagged = storedCodes.get(39);
        Subject.Tag manual = tagByHand(tagged);

        // 1,200 new subjects first (the batches after the first are written as new documents without a
        // lookup), then the 40 stored ones renamed, one stored one as it is, and a new code twice, far apart.
        List<String> fresh = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        String twice = TestCodes.newCode();
        body.append(ndjsonLine(twice, "第一次")).append('\n');
        for (int i = 0; i < 1200; i++) {
            String code = TestCodes.newCode();
            fresh.add(code);
            body.append(ndjsonLine(code, "新" + i)).append('\n');
        }
        for (int i = 0; i < 39; i++) {
            body.append(ndjsonLine(storedCodes.get(i), "新名" + i)).append('\n');
        }
        body.append(ndjsonLine(tagged, "改名")).append('\n');
        body.append(ndjsonLine(same, "不变")).append('\n');
        body.append(ndjsonLine(twice, "第二次")).append('\n');

        Report report = report(post("application/x-ndjson", body.toString(), importToken()));
        assertThat(report.rejected()).isEmpty();
        assertThat(report.summary().path("total").asLong()).isEqualTo(1243);
        assertThat(report.summary().path("accepted").asLong()).isEqualTo(1243);
        assertThat(report.summary().path("unchanged").asLong()).isEqualTo(1);
        assertThat(countCodes(fresh)).isEqualTo(1200);
        assertThat(countCodes(storedCodes)).isEqualTo(40);
        Subject renamed = writer.get(tagged).subject();
        assertThat(renamed.name()).isEqualTo("改名");
        assertThat(renamed.tags()).contains(manual);
        assertThat(writer.get(storedCodes.get(7)).subject().name()).isEqualTo("新名7");
        assertThat(writer.get(twice).subject().name()).isEqualTo("第二次");
    }

    @Test
    void aMixedCsvFileImportsTheValidRowsAndReportsTheRejectedOnesByLine() throws Exception {
        String a = TestCodes.newCode();
        String b = TestCodes.newCode();
        String csv = "code,kind,type,name,regionCode,status,industryCode,establishedOn,registeredCapital,licences,risk.comprehensive\n"
                + a + ",ORGANISATION,ENTERPRISE,\"甲,餐饮\",330109005,ACTIVE,H6210,2019-01-01,100,FOOD_BUSINESS|CATERING,A\n"
                + b + ",ORGANISATION,VEHICLE,乙,330109005,ACTIVE,H6210,,,,\n"
                + TestCodes.newCode() + ",ORGANISATION,ENTERPRISE,丙,330109005,ACTIVE,H6210,2999-01-01,,,\n"
                + TestCodes.newCode() + ",ORGANISATION,ENTERPRISE,丁,330109005,ACTIVE,H6210,,-3,,\n"
                + TestCodes.newCode() + ",ORGANISATION,ENTERPRISE,戊,330109005,ACTIVE,H6210,,,,,,,extra\n";
        Report report = report(post("text/csv; charset=utf-8", csv, importToken()));
        assertThat(report.rejectedLines()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(report.rejected().get(0).path("errors").get(0).path("code").asText()).isEqualTo("TYPE_KIND_MISMATCH");
        assertThat(report.rejected().get(1).path("errors").get(0).path("code").asText()).isEqualTo("DATE_IN_FUTURE");
        assertThat(report.summary().path("accepted").asLong()).isEqualTo(1);
        Subject stored = writer.get(a).subject();
        assertThat(stored.name()).isEqualTo("甲,餐饮");
        assertThat(stored.licences()).containsExactly("FOOD_BUSINESS", "CATERING");
        assertThat(stored.risk().comprehensive()).isEqualTo("A");
        assertThat(writer.get(b)).isNull();
    }

    @Test
    void requestFaultsAreJsonErrorsWithACodeAndNeverAStackTrace() throws Exception {
        String line = ndjsonLine(TestCodes.newCode(), "x");
        HttpResponse<String> anonymous = post("application/x-ndjson", line, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(code(anonymous)).isEqualTo("UNAUTHENTICATED");

        HttpResponse<String> inspector = post("application/x-ndjson", line, testers.token("SCJG", "SCJG-S01", null, Role.INSPECTOR));
        assertThat(inspector.statusCode()).isEqualTo(403);
        assertThat(code(inspector)).isEqualTo("FORBIDDEN");

        HttpResponse<String> wrongScope = post("application/x-ndjson", line, testers.token("SCJG", null, "stats:read", Role.AUTOMATION));
        assertThat(wrongScope.statusCode()).isEqualTo(403);

        HttpResponse<String> json = post("application/json", line, importToken());
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(code(json)).isEqualTo("BAD_USER_INPUT");

        HttpResponse<String> noType = post(null, line, importToken());
        assertThat(noType.statusCode()).isEqualTo(415);

        HttpResponse<String> forged = post("application/x-ndjson", line, "not-a-token");
        assertThat(forged.statusCode()).isEqualTo(401);
        for (HttpResponse<String> response : List.of(anonymous, inspector, wrongScope, json, noType, forged)) {
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void theCommandLineStreamsAFileAndPrintsTheReport(@TempDir Path dir) throws Exception {
        String code = TestCodes.newCode();
        Path file = dir.resolve("subjects.ndjson");
        Files.writeString(file, ndjsonLine(code, "命令行") + "\n{oops}\n");
        ImportCommand command = new ImportCommand();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        command.out = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        int exit = new picocli.CommandLine(command).execute(file.toString(), "--url", "http://localhost:" + port, "--token",
                importToken(), "--quiet");
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(2);
        assertThat(printed).contains("line 2:").contains("1 accepted").contains("1 rejected");
        assertThat(writer.get(code)).isNotNull();

        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        ImportCommand noToken = new ImportCommand();
        noToken.err = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new picocli.CommandLine(noToken).execute(file.toString(), "--url", "http://localhost:" + port)).isEqualTo(1);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--token");
    }

    HttpResponse<String> postBytes(String contentType, byte[] body, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/subjects/import"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> errorCodes(JsonNode rejected) {
        List<String> codes = new ArrayList<>();
        rejected.path("errors").forEach(e -> codes.add(e.path("code").asText() + ":" + String.join(".", texts(e.path("field")))));
        return codes;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The line's text in UTF-8 with {@code bytes} in place of its '@'. */
    static byte[] withBytes(String line, byte... bytes) {
        byte[] before = line.substring(0, line.indexOf('@')).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] after = line.substring(line.indexOf('@') + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(before, before.length + bytes.length + after.length);
        System.arraycopy(bytes, 0, all, before.length, bytes.length);
        System.arraycopy(after, 0, all, before.length + bytes.length, after.length);
        return all;
    }

    @Test
    void anNdjsonLineWithAnOverlongSlashIsRejectedAsInvalidTextAndNotStoredWhileTheOtherLinesGoOn() throws Exception {
        String overlong = TestCodes.newCode();
        String surrogate = TestCodes.newCode();
        String good = TestCodes.newCode();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        // C0 AF is an overlong "/", which Jackson's byte parser decodes as "/"; ED A0 80 a surrogate
        body.write(withBytes(ndjsonLine(overlong, "auditb @ overlong") + "\n", (byte) 0xC0, (byte) 0xAF));
        body.write(withBytes(ndjsonLine(surrogate, "surrogate @ here") + "\n", (byte) 0xED, (byte) 0xA0, (byte) 0x80));
        body.write((ndjsonLine(good, "好的") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Report report = report(postBytes("application/x-ndjson", body.toByteArray(), importToken()));
        assertThat(report.rejectedLines()).containsExactly(1L, 2L);
        assertThat(errorCodes(report.rejected().get(0))).containsExactly("INVALID_TEXT:name");
        assertThat(errorCodes(report.rejected().get(1))).containsExactly("INVALID_TEXT:name");
        assertThat(report.summary().path("accepted").asLong()).isEqualTo(1);
        assertThat(writer.get(overlong)).isNull();
        assertThat(writer.get(surrogate)).isNull();
        assertThat(writer.get(good).subject().name()).isEqualTo("好的");
    }

    @Test
    void aLineWhoseDateIsNoDateIsRejectedWithEveryOtherProblemOfTheLine() throws Exception {
        String code = TestCodes.newCode();
        String line = "{\"code\":\"" + code + "\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"establishedOn\":\"2026-02-30\","
                + "\"name\":\"\",\"status\":\"BAD\",\"regionCode\":\"330109004\"}\n";
        Report report = report(post("application/x-ndjson", line, importToken()));
        assertThat(report.rejected()).singleElement().satisfies(r -> assertThat(errorCodes(r))
                .containsExactlyInAnyOrder("INVALID_DATE:establishedOn", "REQUIRED:name", "INVALID_VALUE:status"));
    }

    @Test
    void anEmptyCsvBodyIsOneMissingHeaderLineInOurOwnWords() throws Exception {
        Report report = report(post("text/csv", "", importToken()));
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.path("line").asLong()).isEqualTo(1);
            assertThat(errorCodes(r)).containsExactly("MISSING_HEADER:");
            assertThat(r.at("/errors/0/message").asText()).startsWith("the body is empty").doesNotContain("bind");
        });
        assertThat(report.summary().path("rejected").asLong()).isEqualTo(1);
    }

    @Test
    void aCallerWhoSeesPersonsMaskedNeverReadsAResidentIdNumberBackInTheReport() throws Exception {
        String person = TestCodes.residentId("33010919500103046");
        String typo = person.substring(0, 17) + (person.charAt(17) == '0' ? '1' : '0');
        String masked = person.substring(0, 6) + "********" + person.substring(14);
        // no header: the line is read as one, and the refusal does not quote it to such a caller (it may hold a name)
        HttpResponse<String> headerless = post("text/csv", person + ",x\n", importToken());
        Report first = report(headerless);
        assertThat(first.rejected()).singleElement().satisfies(r -> assertThat(errorCodes(r)).containsExactly("MISSING_HEADER:"));
        assertThat(headerless.body()).doesNotContain(person).doesNotContain(masked).doesNotContain(",x").contains("among them 'code'");

        // a code with a wrong check character, an unknown column named by one, a malformed row holding one
        String csv = "code,name," + person + "\n" + typo + ",x,v\n" + TestCodes.newCode() + ",y,z,\"" + person + "\"\n";
        HttpResponse<String> rows = post("text/csv", csv, importToken());
        Report second = report(rows);
        assertThat(second.rejectedLines()).containsExactly(2L, 3L);
        assertThat(second.rejected().get(0).path("code").asText()).isEqualTo(typo.substring(0, 6) + "********" + typo.substring(14));
        assertThat(rows.body()).doesNotContain(person).doesNotContain(typo);

        // who sees persons in clear reads the report as sent
        HttpResponse<String> clear = post("text/csv", person + ",x\n", testers.token("SCJG", null, null, Role.DEPT_OPERATOR));
        assertThat(clear.body()).contains(person);
    }

    private String code(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body()).path("errors").get(0).path("extensions").path("code").asText();
    }
}
