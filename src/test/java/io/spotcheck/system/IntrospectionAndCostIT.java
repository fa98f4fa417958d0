package io.spotcheck.system;

import static io.spotcheck.support.RawHttp.code;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What front-end tooling sends first: the standard introspection query, and a list page at the documented page size. */
@IntegrationTest
class IntrospectionAndCostIT {

    /** A dozen columns of a subject list view, with the two nested objects such a view shows. */
    static final String LIST_PAGE = """
            query SubjectList($first: Int!) {
              subjects(first: $first) {
                totalCount
                pageInfo { hasNextPage endCursor }
                edges {
                  cursor
                  node {
                    id code kind name legalRepresentative address regionCode supervisingUnit industryCode industryLabel
                    status establishedOn registeredCapital
                    jurisdiction { code name }
                    tags { key name source }
                  }
                }
              }
            }""";

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    private static String standardIntrospection() throws Exception {
        try (var in = IntrospectionAndCostIT.class.getResourceAsStream("/frontend/introspection-query.graphql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void graphqlJsStandardIntrospectionWithEveryOptionSucceedsForThePublicAndForSignedInCallers() throws Exception {
        String query = standardIntrospection();
        String admin = testers.token(null, null, null, Role.PLATFORM_ADMIN);
        for (Map<String, String> headers : java.util.List.of(
                Map.of("Content-Type", "application/json"),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + admin))) {
            HttpResponse<String> response = http.post(RawHttp.body(Map.of("query", query, "operationName", "IntrospectionQuery")), headers);
            JsonNode body = RawHttp.json(response);
            assertThat(body.path("errors").isMissingNode()).as(response.body()).isTrue();
            assertThat(body.path("data").path("__schema").path("queryType").path("name").asText()).isEqualTo("Query");
            assertThat(body.path("data").path("__schema").path("types").size()).isGreaterThan(50);
        }
    }

    @Test
    void introspectionDeeperThanTheStandardQueryIsStillRefused() throws Exception {
        String eleven = "{ __schema { types { fields { type { " + "ofType { ".repeat(11) + "name" + " }".repeat(11) + " } } } } }";
        HttpResponse<String> response = http.postJson(RawHttp.body(Map.of("query", eleven)));
        assertThat(code(response)).isEqualTo("QUERY_TOO_COMPLEX");
        assertThat(RawHttp.json(response).path("errors").path(0).path("message").asText()).contains("introspection");
    }

    @Test
    void introspectionMixedWithOrdinaryFieldsGetsTheOrdinaryDepthLimit() throws Exception {
        String mixed = "{ viewer { id } __schema { types { fields { type { " + "ofType { ".repeat(9) + "name" + " }".repeat(9) + " } } } } }";
        assertThat(code(http.postJson(RawHttp.body(Map.of("query", mixed))))).isEqualTo("QUERY_TOO_COMPLEX");
    }

    @Test
    void introspectionWalkingTheSchemaCyclesIsRefusedAsBadFaith() throws Exception {
        String cyclic = "{ __schema { types { fields { type { fields { name } } } } } }";
        HttpResponse<String> response = http.postJson(RawHttp.body(Map.of("query", cyclic)));
        assertThat(RawHttp.json(response).path("errors").size()).as(response.body()).isPositive();
        assertThat(RawHttp.json(response).path("data").path("__schema").isObject()).isFalse();
    }

    @Test
    void aListPageOfTwoHundredSubjectsWithADozenColumnsFitsTheLimitsAndReportsItsCost() throws Exception {
        String operator = testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR);
        HttpResponse<String> response = http.post(RawHttp.body(Map.of("query", LIST_PAGE, "variables", Map.of("first", 200))),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + operator));
        JsonNode body = RawHttp.json(response);
        assertThat(body.path("errors").isMissingNode()).as(response.body()).isTrue();
        JsonNode cost = body.path("extensions").path("cost");
        // subjects 1 + pageInfo 1 + edges (1 + 200 × (node + jurisdiction + tags))
        assertThat(cost.path("requested").asInt()).isEqualTo(1 + 1 + 1 + 200 * 3);
        assertThat(cost.path("limit").asInt()).isEqualTo(5000);
    }

    @Test
    void everyResponseCarriesItsCostEvenARefusedOne() throws Exception {
        JsonNode small = RawHttp.json(http.postJson("{\"query\":\"{ viewer { id } }\"}"));
        assertThat(small.path("extensions").path("cost").path("requested").asInt()).isEqualTo(1);
        JsonNode invalid = RawHttp.json(http.postJson("{\"query\":\"{ nope }\"}"));
        assertThat(invalid.path("extensions").path("cost").path("requested").asInt()).isZero();
        assertThat(invalid.path("extensions").path("cost").path("limit").asInt()).isEqualTo(5000);
    }

    @Test
    void aTooComplexQuerySaysItsCostTheLimitAndWhichPagesMultiplyIt() throws Exception {
        String operator = testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR);
        String page = "(first: 200) { edges { node { code tags { owner { name } } lastResults { department } "
                + "agencies { name } lastInspections { item } risk { asOf } jurisdiction { name } } } }";
        // four such pages side by side: 4 × (subjects 1 + edges (1 + 200 × 8)) = 6408
        String nested = "{ subjects" + page + " b: subjects" + page + " c: subjects" + page + " d: subjects" + page + " }";
        HttpResponse<String> response = http.post(RawHttp.body(Map.of("query", nested)),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + operator));
        JsonNode error = RawHttp.json(response).path("errors").path(0);
        assertThat(error.path("extensions").path("code").asText()).as(response.body()).isEqualTo("QUERY_TOO_COMPLEX");
        int cost = error.path("extensions").path("cost").asInt();
        assertThat(cost).isGreaterThan(5000);
        assertThat(error.path("extensions").path("limit").asInt()).isEqualTo(5000);
        assertThat(error.path("extensions").path("multipliers").path(0).path("path").asText()).isEqualTo("subjects");
        assertThat(cost).isEqualTo(6408);
        assertThat(error.path("extensions").path("multipliers").path(3).path("path").asText()).isEqualTo("d");
        assertThat(error.path("message").asText()).contains("6408").contains("5000").contains("`subjects` (page of 200");
    }
}
