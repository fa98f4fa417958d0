package io.spotcheck.system;

import static io.spotcheck.support.RawHttp.code;
import static io.spotcheck.support.RawHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The MUST behaviours of GraphQL over HTTP that the graphql-http audit checks, without node. */
@IntegrationTest
class GraphQlOverHttpIT {

    static final String GQL_RESPONSE = "application/graphql-response+json";

    @LocalServerPort
    int port;

    RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    @Test
    void getRunsAQuery() throws Exception {
        HttpResponse<String> response = http.get("{ __typename viewer { anonymous } }", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("data").path("viewer").path("anonymous").asBoolean()).isTrue();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/json").contains("UTF-8");
    }

    @Test
    void getWithVariablesAsAJsonString() throws Exception {
        HttpResponse<String> response = http.send("GET", "/graphql?query=" + java.net.URLEncoder.encode(
                "query T($n: String!) { __type(name: $n) { name } }", "UTF-8") + "&variables="
                + java.net.URLEncoder.encode("{\"n\":\"Viewer\"}", "UTF-8"), Map.of("Accept", GQL_RESPONSE), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("data").path("__type").path("name").asText()).isEqualTo("Viewer");
    }

    @Test
    void getNeverRunsAMutation() throws Exception {
        HttpResponse<String> response = http.get("mutation { ping }", Map.of("Accept", GQL_RESPONSE));
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow").orElse("")).contains("POST");
        assertThat(code(response)).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void getPicksTheNamedOperationWhenDecidingIfItIsAMutation() throws Exception {
        String document = "query Q { __typename } mutation M { ping }";
        assertThat(http.send("GET", "/graphql?operationName=Q&query=" + java.net.URLEncoder.encode(document, "UTF-8"),
                Map.of(), null).statusCode()).isEqualTo(200);
        assertThat(http.send("GET", "/graphql?operationName=M&query=" + java.net.URLEncoder.encode(document, "UTF-8"),
                Map.of(), null).statusCode()).isEqualTo(405);
    }

    @Test
    void theResponseMediaTypeFollowsAccept() throws Exception {
        String body = "{\"query\":\"{ __typename }\"}";
        HttpResponse<String> modern = http.post(body, Map.of("Content-Type", "application/json", "Accept", GQL_RESPONSE));
        assertThat(modern.statusCode()).isEqualTo(200);
        assertThat(modern.headers().firstValue("Content-Type").orElse("")).contains(GQL_RESPONSE);
        HttpResponse<String> legacy = http.post(body, Map.of("Content-Type", "application/json", "Accept", "application/json"));
        assertThat(legacy.headers().firstValue("Content-Type").orElse("")).contains("application/json");
        HttpResponse<String> any = http.post(body, Map.of("Content-Type", "application/json", "Accept", "*/*"));
        assertThat(any.headers().firstValue("Content-Type").orElse("")).contains("application/json");
    }

    @Test
    void documentErrorsAre400WithTheNewMediaTypeAnd200WithJson() throws Exception {
        for (String query : new String[] {"{", "{ nosuchfield }"}) {
            String body = RawHttp.body(Map.of("query", query));
            HttpResponse<String> modern = http.post(body, Map.of("Content-Type", "application/json", "Accept", GQL_RESPONSE));
            assertThat(modern.statusCode()).as(query).isEqualTo(400);
            assertThat(json(modern).has("data")).isFalse();
            HttpResponse<String> legacy = http.post(body, Map.of("Content-Type", "application/json", "Accept", "application/json"));
            assertThat(legacy.statusCode()).as(query).isEqualTo(200);
            assertThat(code(legacy)).isIn("GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED");
        }
    }

    @Test
    void malformedRequestsAre400WithACode() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{not json", "INVALID_REQUEST"),
                Map.entry("{\"notquery\":\"{ __typename }\"}", "INVALID_REQUEST"),
                Map.entry("{\"query\":1}", "INVALID_REQUEST"),
                Map.entry("{\"query\":\"  \"}", "INVALID_REQUEST"),
                Map.entry("{\"query\":\"{ __typename }\",\"variables\":\"x\"}", "INVALID_REQUEST"),
                Map.entry("{\"query\":\"{ __typename }\",\"variables\":[]}", "INVALID_REQUEST"),
                Map.entry("{\"query\":\"{ __typename }\",\"extensions\":[1]}", "INVALID_REQUEST"),
                Map.entry("{\"query\":\"{ __typename }\",\"operationName\":{}}", "INVALID_REQUEST"),
                Map.entry("{\"query\":\"{ __typename }\",\"query\":\"{ viewer { anonymous } }\"}", "INVALID_REQUEST"),
                Map.entry("{\"query\":\"{ __typename }\",\"variables\":{\"a\":1,\"a\":2}}", "INVALID_REQUEST"),
                Map.entry("{\"query\":\"{ __typename }\"} {}", "INVALID_REQUEST"),
                Map.entry("[{\"query\":\"{ __typename }\"},{\"query\":\"{ __typename }\"}]", "BATCH_NOT_SUPPORTED"),
                Map.entry("\"{ __typename }\"", "INVALID_REQUEST"),
                Map.entry("null", "INVALID_REQUEST"),
                Map.entry(" \n ", "INVALID_REQUEST"),
                Map.entry("", "INVALID_REQUEST"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = http.postJson(c.getKey());
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(code(response)).as(c.getKey()).isEqualTo(c.getValue());
        }
    }

    @Test
    void everyMethodButGetAndPostIs405WithAllowAndACode() throws Exception {
        for (String method : new String[] {"PUT", "DELETE", "PATCH", "OPTIONS"}) {
            HttpResponse<String> response = http.send(method, "/graphql", Map.of("Content-Type", "application/json"),
                    method.equals("OPTIONS") ? null : "{\"query\":\"{ __typename }\"}");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow").orElse("")).as(method).isEqualTo("GET, POST");
            assertThat(code(response)).as(method).isEqualTo("METHOD_NOT_ALLOWED");
        }
    }

    @Test
    void aBodyWithoutJsonContentTypeIs415() throws Exception {
        HttpResponse<String> response = http.post("{\"query\":\"{ __typename }\"}", Map.of("Content-Type", "text/plain"));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(code(response)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void nullVariablesOperationNameAndExtensionsAreAllowed() throws Exception {
        HttpResponse<String> response = http.postJson(
                "{\"query\":\"{ __typename }\",\"variables\":null,\"operationName\":null,\"extensions\":null}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("data").path("__typename").asText()).isEqualTo("Query");
    }

    @Test
    void nullFieldsStayInTheData() throws Exception {
        HttpResponse<String> response = http.postJson("{\"query\":\"{ viewer { department } }\"}");
        assertThat(json(response).path("data").path("viewer").has("department")).isTrue();
    }

    @Test
    void anApplicationGraphQlBodyIs415LikeEveryTypeButJson() throws Exception {
        HttpResponse<String> response = http.post("{ __typename }", Map.of("Content-Type", "application/graphql"));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(code(response)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void requestErrorsVaryLikeResults() throws Exception {
        HttpResponse<String> malformed = http.postJson("{not json");
        HttpResponse<String> method = http.send("PUT", "/graphql", Map.of("Content-Type", "application/json"), "{}");
        HttpResponse<String> mediaType = http.post("{}", Map.of("Content-Type", "text/plain"));
        HttpResponse<String> tooLarge = http.postJson("{\"query\":\"{ __typename }\",\"x\":\"" + "a".repeat(1_100_000) + "\"}");
        HttpResponse<String> forged = http.post("{\"query\":\"{ __typename }\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer not.a.token"));
        HttpResponse<String> result = http.postJson("{\"query\":\"{ __typename }\"}");
        assertThat(List.of(malformed.statusCode(), method.statusCode(), mediaType.statusCode(), tooLarge.statusCode(),
                forged.statusCode(), result.statusCode())).containsExactly(400, 405, 415, 413, 401, 200);
        for (HttpResponse<String> response : List.of(malformed, method, mediaType, tooLarge, forged, result)) {
            // CORS and compression add their own names; these three are the ones caching depends on.
            assertThat(java.util.Arrays.asList(String.join(",", response.headers().allValues("Vary")).toLowerCase().split("\\s*,\\s*")))
                    .as(response.toString()).contains("accept", "authorization", "x-api-key");
        }
        // A declared length over the limit is refused before the rate limiter has run: no state to report.
        assertThat(json(tooLarge).path("extensions").has("rateLimit")).isFalse();
        assertThat(tooLarge.headers().firstValue("RateLimit-Remaining")).isEmpty();
        assertThat(json(malformed).path("extensions").has("rateLimit")).isTrue();
    }

    @Test
    void theSchemaSdlHasTheSchemaDefinitionWithItsDescription() throws Exception {
        HttpResponse<String> sdl = http.send("GET", "/graphql/schema", Map.of(), null);
        assertThat(sdl.statusCode()).isEqualTo(200);
        assertThat(sdl.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(sdl.body()).contains("Spotcheck: joint \"double-random, one-public\"")
                .containsPattern("\"\"\"\\s*\\nschema \\{\\s*query: Query\\s*mutation: Mutation\\s*subscription: Subscription");
    }

    @Test
    void theSchemaAnswersHeadLikeGetAndOtherMethodsWith405() throws Exception {
        HttpResponse<String> head = http.send("HEAD", "/graphql/schema", Map.of(), null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(head.body()).isEmpty();
        for (String method : new String[] {"POST", "DELETE", "PUT"}) {
            HttpResponse<String> response = http.send(method, "/graphql/schema", Map.of("Content-Type", "application/json"), "{}");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD");
            assertThat(code(response)).as(method).isEqualTo("METHOD_NOT_ALLOWED");
            assertThat(json(response).path("errors").path(0).path("extensions").path("classification").asText()).isEqualTo("BAD_REQUEST");
        }
    }
}
