package io.spotcheck.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.execution.GraphQlSource;

@IntegrationTest
class AuditLogIT {

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Autowired
    AuditLog audit;

    @Autowired
    ElasticsearchClient client;

    @Autowired
    IndexNames names;

    @Autowired
    GraphQlSource graphQlSource;

    JsonNode query(String token, String query, Map<String, Object> variables) throws Exception {
        return RawHttp.json(new RawHttp(port).post(RawHttp.body(Map.of("query", query, "variables", variables)),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token)));
    }

    @Test
    void noMutationCanAlterOrDeleteAuditEntries() {
        List<String> mutations = graphQlSource.schema().getMutationType().getFieldDefinitions().stream()
                .map(f -> f.getName().toLowerCase()).toList();
        assertThat(mutations).isNotEmpty().noneMatch(name -> name.contains("audit"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEntryIsStoredWithTheFieldsItAlwaysHadAndItsDetailWithoutNulls() throws Exception {
        java.util.Map<String, Object> change = new java.util.LinkedHashMap<>();
        change.put("name", "改名");
        change.put("gone", null);
        change.put("parts", List.of(Map.of("department", "SCJG", "minutes", 40)));
        String id = audit.record(new Caller("t", "t", "SCJG", null, EnumSet.of(Role.DEPT_ADMIN, Role.DEPT_OPERATOR), Set.of()),
                "test.shape", "x", "OK", change);

        Map<String, Object> source = client.get(g -> g.index(names.alias("audit")).id(id), Map.class).source();
        assertThat(source).containsOnlyKeys("id", "at", "principal", "department", "roles", "action", "target", "outcome", "digest", "detail");
        assertThat(source.get("roles")).isEqualTo(List.of("DEPT_ADMIN", "DEPT_OPERATOR"));
        assertThat(source.get("detail")).isEqualTo(Map.of("change", Map.of("name", "改名", "parts", List.of(Map.of("department", "SCJG", "minutes", 40)))));
        assertThat(java.time.Instant.parse((String) source.get("at"))).isNotNull();
    }

    @Test
    void anEntryIdCannotBeWrittenTwice() {
        String id = audit.record(new Caller("t", "t", "SCJG", null, EnumSet.of(Role.DEPT_ADMIN), Set.of()), "test.once", "x", "OK", Map.of());
        assertThatThrownBy(() -> client.create(c -> c.index(names.alias("audit")).id(id).document(Map.of("action", "tampered"))))
                .hasMessageContaining("version_conflict");
    }

    @Test
    void departmentAdminsReadOnlyTheirDepartmentAndPagesFollowCursors() throws Exception {
        String target = "audit-" + UUID.randomUUID();
        for (String dept : List.of("SCJG", "SCJG", "SCJG", "WSJK")) {
            audit.record(new Caller("p-" + dept, "p", dept, null, EnumSet.of(Role.DEPT_OPERATOR), Set.of()), "test.page", target, "OK", Map.of());
        }
        client.indices().refresh(r -> r.index(names.alias("audit")));
        String q = "query($t: String, $after: String) { auditLog(filter: {target: $t}, first: 2, after: $after) "
                + "{ totalCount edges { node { department } } pageInfo { hasNextPage endCursor } } }";
        String scjg = testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_ADMIN);
        JsonNode raw1 = query(scjg, q, Map.of("t", target));
        assertThat(raw1.path("errors").isMissingNode()).as(raw1.toString()).isTrue();
        JsonNode page1 = raw1.path("data").path("auditLog");
        assertThat(page1.path("totalCount").asInt()).isEqualTo(3);
        assertThat(page1.path("pageInfo").path("hasNextPage").asBoolean()).isTrue();
        java.util.HashMap<String, Object> vars = new java.util.HashMap<>(Map.of("t", target));
        vars.put("after", page1.path("pageInfo").path("endCursor").asText());
        JsonNode page2 = query(scjg, q, vars).path("data").path("auditLog");
        assertThat(page2.path("edges")).hasSize(1);
        assertThat(page2.path("pageInfo").path("hasNextPage").asBoolean()).isFalse();
        assertThat(page1.toString() + page2).doesNotContain("WSJK");

        String platform = testers.token(null, null, null, Role.PLATFORM_ADMIN);
        assertThat(query(platform, q, Map.of("t", target)).path("data").path("auditLog").path("totalCount").asInt()).isEqualTo(4);

        vars.put("after", vars.get("after") + "x");
        assertThat(query(scjg, q, vars).path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("INVALID_CURSOR");
    }

    @Test
    void refusedMutationsAreOnRecord() throws Exception {
        String operator = testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR);
        String name = "refused-" + UUID.randomUUID();
        // An alias must not disguise the action on record.
        JsonNode result = query(operator, "mutation($in: CreateApiKeyInput!) { harmless: createApiKey(input: $in) { secret } }",
                Map.of("in", Map.of("name", name, "department", "SCJG", "scopes", List.of("stats:read"))));
        assertThat(result.path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        client.indices().refresh(r -> r.index(names.alias("audit")));
        long refused = client.count(c -> c.index(names.alias("audit")).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("principal").value("SCJG-dept_operator")))
                .filter(f -> f.term(t -> t.field("action").value("mutation.createApiKey")))
                .filter(f -> f.term(t -> t.field("outcome").value("FORBIDDEN")))))).count();
        assertThat(refused).isPositive();
    }
}
