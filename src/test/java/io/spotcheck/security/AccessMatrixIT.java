package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every mutation and sensitive query against every kind of caller. Each allowed cell succeeds
 * without errors; each denied cell fails with FORBIDDEN, returns no data for the field and writes
 * nothing (no API key, no audit entry with outcome OK).
 *
 * <p>Feature teams: add one {@code op(...)} line per operation in {@link #operations()}: a name,
 * the document (its first field is the one checked), the variables (made fresh per cell, so each
 * cell can have its own target) and the callers allowed. Callers act for department SCJG.
 */
@IntegrationTest
class AccessMatrixIT {

    /** The kinds of caller; people act for SCJG, the automation client holds every scope. */
    enum Who { ANONYMOUS, PLATFORM_ADMIN, DEPT_ADMIN, DEPT_OPERATOR, AGENCY_REVIEWER, INSPECTOR, AUTOMATION }

    /** One row: an operation and who may run it. */
    record Op(String name, String document, Function<AccessMatrixIT, Map<String, Object>> variables, Set<Who> allowed) {}

    static Op op(String name, String document, Function<AccessMatrixIT, Map<String, Object>> variables, Who... allowed) {
        return new Op(name, document, variables, allowed.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.of(allowed[0], allowed));
    }

    static final String CREATE_KEY = "mutation($in: CreateApiKeyInput!) { createApiKey(input: $in) { secret } }";
    static final Who[] SIGNED_IN = {Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER, Who.INSPECTOR, Who.AUTOMATION};

    static final String SUBMIT_RESULT = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id } errors { code field } } }";
    static final String RESULT = "query($t: String!, $d: String!, $s: String!) { result(taskId: $t, department: $d, subjectCode: $s) { id } }";

    static List<Op> operations() {
        return List.of(
                op("ping", "mutation { ping }", t -> Map.of(), SIGNED_IN),
                op("createApiKey for own department", CREATE_KEY, t -> t.keyInput("SCJG"), Who.PLATFORM_ADMIN, Who.DEPT_ADMIN),
                op("createApiKey for another department", CREATE_KEY, t -> t.keyInput("WSJK"), Who.PLATFORM_ADMIN),
                op("revokeApiKey of own department", "mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revoked } } }",
                        t -> Map.of("id", t.existingKey("SCJG")), Who.PLATFORM_ADMIN, Who.DEPT_ADMIN),
                op("revokeApiKey of another department", "mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revoked } } }",
                        t -> Map.of("id", t.existingKey("WSJK")), Who.PLATFORM_ADMIN),
                op("apiKeys", "{ apiKeys { id } }", t -> Map.of(), Who.PLATFORM_ADMIN, Who.DEPT_ADMIN),
                op("apiKeys of another department", "{ apiKeys(department: \"WSJK\") { id } }", t -> Map.of(), Who.PLATFORM_ADMIN),
                op("auditLog", "{ auditLog(first: 5) { totalCount } }", t -> Map.of(), Who.PLATFORM_ADMIN, Who.DEPT_ADMIN),
                op("auditLog of another department", "{ auditLog(filter: {department: \"WSJK\"}) { totalCount } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN),
                op("setCalendarYear", "mutation { setCalendarYear(year: 2040, holidays: [\"2040-10-01\"], workdays: []) { errors { code } } }",
                        t -> Map.of(), Who.PLATFORM_ADMIN),
                op("calendarYear", "{ calendarYear(year: 2024) { covered } }", t -> Map.of(), Who.values()),
                op("submitResult for a subject the inspector was drawn for", SUBMIT_RESULT, t -> t.resultInput(),
                        Who.INSPECTOR, Who.DEPT_OPERATOR),
                op("result of own department", RESULT, t -> t.storedResult("SCJG"), SIGNED_IN),
                op("result of another department", RESULT, t -> t.storedResult("WSJK"), Who.PLATFORM_ADMIN),
                op("reviewQueue", "{ reviewQueue(first: 5) { totalCount } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER, Who.AUTOMATION),
                op("reviewQueue of another department", "{ reviewQueue(filter: {department: \"WSJK\"}) { totalCount } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN),
                op("reviewResult of own agency's result", REVIEW_RESULT, t -> t.submittedResult("SCJG", "SCJG-S01"), Who.AGENCY_REVIEWER),
                op("reviewResult of another department's result", REVIEW_RESULT, t -> t.submittedResult("WSJK", "WSJK-S01")),
                op("publishResults of own department", PUBLISH_RESULTS, t -> t.publishableTask("SCJG"),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AUTOMATION),
                op("publishResults of another department", PUBLISH_RESULTS, t -> t.publishableTask("WSJK"), Who.PLATFORM_ADMIN),
                op("publishedResults", "{ publishedResults(first: 5) { totalCount } }", t -> Map.of(), Who.values()),
                op("statistics", "{ statistics { totals { subjectVisits } } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER, Who.AUTOMATION),
                op("statistics of another department", "{ statistics(department: \"WSJK\") { totals { subjectVisits } } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN));
    }

    static final String REVIEW_RESULT = "mutation($id: String!, $v: Long!) { reviewResult(id: $id, expectedVersion: $v, decision: APPROVE) "
            + "{ result { status } errors { code } } }";
    static final String PUBLISH_RESULTS = "mutation($t: String!, $d: String!) { publishResults(taskId: $t, department: $d) "
            + "{ published errors { code } } }";

    /** A SUBMITTED result of {@code department}'s task, entered by an inspector, and its current version. */
    Map<String, Object> submittedResult(String department, String agency) {
        String taskId = "matrix-" + UUID.randomUUID();
        String subject = "91M" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
        String id = taskId + "|" + department + "|" + subject;
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("id", id);
        doc.put("taskId", taskId);
        doc.put("department", department);
        doc.put("agency", agency);
        doc.put("subjectCode", subject);
        doc.put("subjectKind", "ORGANISATION");
        doc.put("resultCodes", List.of("NO_PROBLEM"));
        doc.put("inspectionDate", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1).toString());
        doc.put("inspectorIds", List.of("matrix-inspector-1", "matrix-inspector-2"));
        doc.put("submittedBy", "matrix-inspector-1");
        doc.put("status", "SUBMITTED");
        try {
            long seqNo = client.index(i -> i.index(names.alias("results")).id(id).document(doc)
                    .refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor)).seqNo();
            return Map.of("id", id, "v", seqNo);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A task of {@code department} in review with one APPROVED result. */
    Map<String, Object> publishableTask(String department) {
        Map<String, Object> result = submittedResult(department, department + "-S01");
        String id = (String) result.get("id");
        String taskId = id.substring(0, id.indexOf('|' + department + '|'));
        try {
            client.update(u -> u.index(names.alias("results")).id(id).doc(Map.of("status", "APPROVED"))
                    .refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor), Map.class);
            client.index(i -> i.index(names.alias("tasks")).id(taskId).document(Map.of("id", taskId, "name", "matrix", "leadDepartment", department,
                    "departments", List.of(department), "level", "DISTRICT", "status", "REVIEWING"))
                    .refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("t", taskId, "d", department);
    }

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Autowired
    ApiKeyService apiKeys;

    @Autowired
    ElasticsearchClient client;

    @Autowired
    IndexNames names;

    Map<String, Object> keyInput(String department) {
        return Map.of("in", Map.of("name", "matrix-" + UUID.randomUUID(), "department", department, "scopes", List.of("stats:read")));
    }

    String existingKey(String department) {
        Caller admin = new Caller("matrix-setup", "setup", null, null, EnumSet.of(Role.PLATFORM_ADMIN), Set.of());
        return apiKeys.create(admin, "matrix-" + UUID.randomUUID(), department, List.of("stats:read")).key().id();
    }

    /** A fresh IN_PROGRESS task whose SCJG assignment names the matrix's inspector among the drawn ones. */
    Map<String, Object> resultInput() {
        String taskId = "matrix-" + UUID.randomUUID();
        String subject = "91M" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
        try {
            client.index(i -> i.index(names.alias("tasks")).id(taskId).document(Map.of("id", taskId, "name", "matrix", "leadDepartment", "SCJG",
                    "departments", List.of("SCJG"), "itemCodes", List.of("SCJG-002"), "level", "DISTRICT", "status", "IN_PROGRESS",
                    "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002"))))));
            client.index(i -> i.index(names.alias("assignments")).id(taskId + ":SCJG:" + subject).document(Map.of("taskId", taskId,
                    "department", "SCJG", "agency", "SCJG-S01", "subjectCode", subject, "status", "ASSIGNED",
                    "inspectorIds", List.of("SCJG-inspector", "matrix-inspector-2"))).refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("in", Map.of("taskId", taskId, "department", "SCJG", "subjectCode", subject, "resultCodes", List.of("NO_PROBLEM"),
                "itemRows", List.of(Map.of("itemCode", "SCJG-002", "checked", true)), "verificationMethods", List.of("ON_SITE"),
                "inspectionDate", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1).toString(),
                "inspectorIds", List.of("SCJG-inspector", "matrix-inspector-2"), "channel", "PC"));
    }

    /** A stored result of {@code department}'s own task. */
    Map<String, Object> storedResult(String department) {
        String taskId = "matrix-" + UUID.randomUUID();
        String id = taskId + "|" + department + "|S1";
        try {
            client.index(i -> i.index(names.alias("results")).id(id).document(Map.of("id", id, "taskId", taskId, "leadDepartment", department,
                    "department", department, "subjectCode", "S1", "status", "SUBMITTED", "joint", false, "problemFound", false,
                    "reassignmentNeeded", false)).refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("t", taskId, "d", department, "s", "S1");
    }

    String token(Who who) {
        return switch (who) {
            case ANONYMOUS -> null;
            case PLATFORM_ADMIN -> testers.token(null, null, null, Role.PLATFORM_ADMIN);
            case AUTOMATION -> testers.token("SCJG", null, String.join(" ", ApiKeyScopes.KNOWN), Role.AUTOMATION);
            case AGENCY_REVIEWER, INSPECTOR -> testers.token("SCJG", "SCJG-S01", null, Role.valueOf(who.name()));
            default -> testers.token("SCJG", "SCJG-BUREAU", null, Role.valueOf(who.name()));
        };
    }

    @TestFactory
    Stream<DynamicTest> everyOperationAgainstEveryCaller() {
        List<DynamicTest> cells = new ArrayList<>();
        for (Op op : operations()) {
            for (Who who : Who.values()) {
                boolean allowed = op.allowed().contains(who);
                cells.add(DynamicTest.dynamicTest(op.name() + " as " + who + (allowed ? " is allowed" : " is FORBIDDEN"),
                        () -> check(op, who, allowed)));
            }
        }
        return cells.stream();
    }

    private void check(Op op, Who who, boolean allowed) throws Exception {
        Map<String, Object> variables = op.variables().apply(this);
        long keysBefore = count("api_keys", null);
        long okBefore = count("audit", "OK");
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        String token = token(who);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        JsonNode result = RawHttp.json(new RawHttp(port).post(
                RawHttp.body(Map.of("query", op.document(), "variables", variables)), headers));
        if (allowed) {
            assertThat(result.path("errors").isMissingNode()).as(result.toString()).isTrue();
            return;
        }
        assertThat(result.path("errors").path(0).path("extensions").path("code").asText()).as(result.toString()).isEqualTo("FORBIDDEN");
        JsonNode data = result.path("data");
        assertThat(data.isNull() || data.isMissingNode() || data.elements().next().isNull()).as(result.toString()).isTrue();
        assertThat(count("api_keys", null)).as("API keys after a refused call").isEqualTo(keysBefore);
        assertThat(count("audit", "OK")).as("successful audit entries after a refused call").isEqualTo(okBefore);
    }

    private long count(String index, String outcome) throws Exception {
        client.indices().refresh(r -> r.index(names.alias(index)));
        return client.count(c -> c.index(names.alias(index)).query(q -> outcome == null
                ? q.matchAll(a -> a) : q.term(t -> t.field("outcome").value(outcome)))).count();
    }
}
