package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a caller who sees natural persons masked (an automation client without {@code persons:read})
 * reads back of what it sent, through the API (docs/SECURITY.md, "Natural persons"): no resident ID
 * number in the 15-digit form or written in groups, and no person's name, in a GraphQL error, a
 * mutation's UserError, the subject import's report or an imported list's report. The same requests
 * from a client with {@code persons:read} show that each path does quote what was sent.
 */
@IntegrationTest
class MaskedFreeTextIT {

    static final String SCOPES = "subjects:read subjects:import tasks:read tasks:write draws:read scopes:write";
    /** One person's number (right check character) in the forms the masking must recognise, and a name. */
    static final String SPACED = "330106 19900101 123X";
    static final String HYPHENED = "330106-19900101-123X";
    static final String FIRST_GENERATION = "330106900101123";
    static final String NAME = "欧阳震华";
    /** What must not come back unmasked: the birth dates of both forms, and the name. */
    static final List<String> SECRETS = List.of("19900101", "900101123", NAME);

    @LocalServerPort
    int port;
    @Autowired
    Testers testers;

    final ObjectMapper json = new ObjectMapper();

    String masked() {
        return testers.token("SCJG", null, SCOPES, Role.AUTOMATION);
    }

    String clear() {
        return testers.token("SCJG", null, SCOPES + " persons:read", Role.AUTOMATION);
    }

    @Test
    void aGraphQlErrorQuotingAnIdNumberInAnyFormShowsItMasked() throws Exception {
        String query = "query($t: String!) { taskAssignments(taskId: $t) { localId } }";
        for (String id : List.of(SPACED, HYPHENED, FIRST_GENERATION)) {
            JsonNode maskedError = json.readTree(post(masked(), query, Map.of("t", id))).at("/errors/0");
            JsonNode clearError = json.readTree(post(clear(), query, Map.of("t", id))).at("/errors/0");
            assertThat(clearError.at("/message").asText()).as("the message quotes the id").contains(id);
            assertThat(maskedError.at("/extensions/code").asText()).isEqualTo(clearError.at("/extensions/code").asText());
            assertThat(maskedError.at("/message").asText()).as(id).contains("330106").satisfies(MaskedFreeTextIT::noSecret);
        }
    }

    @Test
    void aMutationsUserErrorsQuoteNoIdNumberUnmaskedAndNoValueOfTheInput() throws Exception {
        String update = "mutation($c: String!) { updateSubject(input: {code: $c, status: \"ACTIVE\"}) { errors { code message field } } }";
        for (String code : List.of(SPACED, FIRST_GENERATION)) {
            JsonNode maskedErrors = json.readTree(post(masked(), update, Map.of("c", code))).at("/data/updateSubject/errors");
            JsonNode clearErrors = json.readTree(post(clear(), update, Map.of("c", code))).at("/data/updateSubject/errors");
            assertThat(clearErrors.at("/0/message").asText()).contains(code);
            assertThat(maskedErrors.at("/0/code").asText()).isEqualTo("NOT_FOUND");
            assertThat(maskedErrors.at("/0/field")).isEqualTo(clearErrors.at("/0/field"));
            assertThat(maskedErrors.toString()).as(code).satisfies(MaskedFreeTextIT::noSecret);
        }
        // a name where a status goes: refused, and not quoted back
        String upsert = "mutation($in: SubjectInput!) { upsertSubject(input: $in) { subject { code } errors { code message field } } }";
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("code", "91330100MA2AUDB05H");
        input.put("kind", "ORGANISATION");
        input.put("type", "ENTERPRISE");
        input.put("name", "萧山某某贸易有限公司");
        input.put("regionCode", "330109001");
        input.put("status", NAME);
        String maskedBody = post(masked(), upsert, Map.of("in", input));
        String clearBody = post(clear(), upsert, Map.of("in", input));
        assertThat(clearBody).contains("unknown status " + NAME);
        assertThat(json.readTree(maskedBody).at("/data/upsertSubject/errors").findValuesAsText("code")).contains("INVALID_VALUE");
        assertThat(maskedBody).contains("unknown status").satisfies(MaskedFreeTextIT::noSecret);
    }

    @Test
    void theSubjectImportsReportQuotesNoIdNumberUnmaskedAndNoValueOfALine() throws Exception {
        String ndjson = String.join("\n",
                line(SPACED, "NATURAL_PERSON", "PERSON", "ACTIVE", null),
                line(FIRST_GENERATION, "NATURAL_PERSON", "PERSON", "ACTIVE", null),
                // columns shifted: a name in the status, an ID number in a date
                line("91330100MA2AUDB05H", "ORGANISATION", "ENTERPRISE", NAME, HYPHENED),
                "{\"code\": \"91330100MA2AUDB05H\", \"name\": " + NAME + "}") + "\n";
        String maskedReport = importBody(masked(), "application/x-ndjson", ndjson);
        String clearReport = importBody(clear(), "application/x-ndjson", ndjson);
        assertThat(clearReport).contains(FIRST_GENERATION, SPACED, NAME);
        assertThat(reportLines(maskedReport)).hasSize(5);
        assertThat(reportLines(maskedReport).get(4).at("/summary/rejected").asLong()).isEqualTo(4);
        assertThat(reportLines(maskedReport).get(0).at("/code").asText()).isEqualTo("330106 ******** 123X");
        assertThat(reportLines(maskedReport).get(1).at("/code").asText()).isEqualTo("330106******123");
        assertThat(maskedReport).satisfies(MaskedFreeTextIT::noSecret);

        // a CSV without its header row: the first row read as column names
        String csv = FIRST_GENERATION + ",NATURAL_PERSON,PERSON," + NAME + ",330109001,ACTIVE\n";
        String maskedCsv = importBody(masked(), "text/csv", csv);
        assertThat(importBody(clear(), "text/csv", csv)).contains(FIRST_GENERATION, NAME);
        assertThat(maskedCsv).contains("MISSING_HEADER").satisfies(MaskedFreeTextIT::noSecret);
    }

    @Test
    void anImportedListsReportQuotesOnlyTheCodeOfARejectedLineMasked() throws Exception {
        String body = "91330100MA2AUDB05H\n" + SPACED + "," + NAME + "\n" + FIRST_GENERATION + "," + NAME + "\n";
        JsonNode maskedReport = upload(masked(), body);
        JsonNode clearReport = upload(clear(), body);
        assertThat(clearReport.toString()).contains(NAME, FIRST_GENERATION);
        assertThat(maskedReport.get("rejectedCount").asLong()).isEqualTo(1);
        assertThat(maskedReport.at("/rejected/0/text").asText()).isEqualTo("330106 ******** 123X");
        assertThat(maskedReport.get("notFound").toString()).contains("330106******123");
        assertThat(maskedReport.toString()).satisfies(MaskedFreeTextIT::noSecret);
        // and the scope, read later, lists the number nobody has masked
        String scope = post(masked(), "query($id: String!) { scope(id: $id) { notFound } }", Map.of("id", clearReport.get("scopeId").asText()));
        assertThat(json.readTree(scope).at("/data/scope/notFound").toString()).as(scope).contains("330106******123").satisfies(MaskedFreeTextIT::noSecret);
    }

    private static void noSecret(String text) {
        assertThat(SECRETS).as(text).noneMatch(text::contains);
    }

    private String line(String code, String kind, String type, String status, String establishedOn) throws Exception {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("code", code);
        record.put("kind", kind);
        record.put("type", type);
        record.put("name", NAME);
        record.put("regionCode", "330109001");
        record.put("status", status);
        if (establishedOn != null) {
            record.put("establishedOn", establishedOn);
        }
        return json.writeValueAsString(record);
    }

    private String importBody(String token, String contentType, String body) throws Exception {
        HttpResponse<String> response = new RawHttp(port).send("POST", "/api/subjects/import",
                Map.of("Authorization", "Bearer " + token, "Content-Type", contentType), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private List<JsonNode> reportLines(String report) throws Exception {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : report.split("\n")) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    private JsonNode upload(String token, String body) throws Exception {
        String created = post(token, """
                mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { localId } errors { code message } } }""",
                Map.of("in", Map.of("id", "S-mft-" + UUID.randomUUID(), "name", "导入名单", "department", "SCJG", "kind", "IMPORTED")));
        String id = json.readTree(created).at("/data/createScope/scope/localId").asText();
        HttpResponse<String> response = new RawHttp(port).send("POST", "/scopes/" + id + "/codes",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "text/plain"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String post(String token, String query, Map<String, Object> variables) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer " + token);
        return new RawHttp(port).post(RawHttp.body(Map.of("query", query, "variables", variables)), headers).body();
    }
}
