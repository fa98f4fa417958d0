package io.spotcheck.system;

import static io.spotcheck.support.RawHttp.code;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class LimitsIT {

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    @Test
    void tooDeepAQueryIsRefusedBeforeItRuns() throws Exception {
        // One ofType deeper than graphql-js's standard introspection query, which is allowed (DepthLimit).
        String deep = "{ __schema { types { fields { type { " + "ofType { ".repeat(11) + "name" + " }".repeat(11) + " } } } } }";
        HttpResponse<String> response = http.postJson(RawHttp.body(Map.of("query", deep)));
        assertThat(code(response)).isEqualTo("QUERY_TOO_COMPLEX");
    }

    @Test
    void tooManyAliasesAreRefused() throws Exception {
        String query = IntStream.range(0, 31).mapToObj(i -> "a" + i + ": __typename").collect(Collectors.joining(" ", "{ ", " }"));
        assertThat(code(http.postJson(RawHttp.body(Map.of("query", query))))).isEqualTo("QUERY_TOO_COMPLEX");
        String fine = IntStream.range(0, 30).mapToObj(i -> "a" + i + ": __typename").collect(Collectors.joining(" ", "{ ", " }"));
        assertThat(code(http.postJson(RawHttp.body(Map.of("query", fine))))).isNull();
    }

    @Test
    void aFragmentBombIsRefusedQuickly() throws Exception {
        StringBuilder query = new StringBuilder("{ ...F0 } ");
        for (int i = 0; i < 30; i++) {
            query.append("fragment F").append(i).append(" on Query { ...F").append(i + 1).append(" ...F").append(i + 1).append(" } ");
        }
        query.append("fragment F30 on Query { __typename }");
        long start = System.nanoTime();
        HttpResponse<String> response = http.postJson(RawHttp.body(Map.of("query", query.toString())));
        assertThat(code(response)).isEqualTo("QUERY_TOO_COMPLEX");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void pageSizesOutsideTheCapAreBadInputOnAnyConnection() throws Exception {
        String admin = testers.token(null, null, null, Role.PLATFORM_ADMIN);
        for (String first : List.of("-1", "201", "2147483647")) {
            HttpResponse<String> response = http.post(RawHttp.body(Map.of("query", "{ auditLog(first: " + first + ") { totalCount } }")),
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer " + admin));
            assertThat(code(response)).as(first).isEqualTo("BAD_USER_INPUT");
        }
    }

    @Test
    void aBodyOverOneMegabyteIs413() throws Exception {
        String huge = "{\"query\":\"{ __typename }\",\"variables\":{\"x\":\"" + "a".repeat(1024 * 1024) + "\"}}";
        HttpResponse<String> response = http.postJson(huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(code(response)).isEqualTo("REQUEST_TOO_LARGE");
    }

    @Test
    void aPrincipalOverItsRateGets429WithRetryAfter() throws Exception {
        // application-test.yml gives this principal 3 requests a minute.
        String token = DevTokens.mint(testers.signingKey(), new DevTokens.Spec("rate-limit-probe", "probe", "SCJG", null,
                List.of(Role.DEPT_OPERATOR), null, Instant.now().plusSeconds(600), DevTokens.AUDIENCE));
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = http.post("{\"query\":\"{ viewer { id } }\"}", headers);
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(code(last)).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(RawHttp.json(last).path("errors").path(0).path("extensions").path("retryAfterSeconds").asLong()).isPositive();
        // Others are unaffected.
        assertThat(http.postJson("{\"query\":\"{ viewer { id } }\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void theRateLimitCoversEveryEndpointAndEverySpellingOfItsPathAndReportsItsState() throws Exception {
        // application-test.yml gives this principal 3 requests a minute.
        String token = DevTokens.mint(testers.signingKey(), new DevTokens.Spec("rate-limit-routes", "probe", "SCJG", null,
                List.of(Role.DEPT_OPERATOR), null, Instant.now().plusSeconds(600), DevTokens.AUDIENCE));
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
        HttpResponse<String> first = http.post("{\"query\":\"{ viewer { id } }\"}", headers);
        assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("3");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("2");
        assertThat(Long.parseLong(first.headers().firstValue("RateLimit-Reset").orElseThrow())).isPositive();
        JsonNode state = RawHttp.json(first).path("extensions").path("rateLimit");
        assertThat(state.path("limit").asLong()).isEqualTo(3);
        assertThat(state.path("remaining").asLong()).isEqualTo(2);
        assertThat(state.path("resetSeconds").asLong()).isPositive();
        assertThat(Instant.parse(state.path("resetAt").asText())).isAfter(Instant.now().minusSeconds(5));
        http.send("GET", "/export/published-results.ndjson?from=2020-01-01&to=2020-01-02", headers, (String) null);
        HttpResponse<String> third = http.send("POST", "/%67raphql", headers, "{\"query\":\"{ viewer { id } }\"}");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        // The bucket is spent: no route and no spelling of one gets through.
        List<String[]> attempts = List.of(
                new String[] {"POST", "/graphql", "application/json"}, new String[] {"POST", "/%67raphql", "application/json"},
                new String[] {"POST", "/%67%72%61%70%68%71%6c", "application/json"}, new String[] {"POST", "/GRAPHQL", "application/json"},
                new String[] {"POST", "/graphql/", "application/json"}, new String[] {"GET", "/export/published-results.ndjson", null},
                new String[] {"POST", "/api/subjects/import", "application/x-ndjson"}, new String[] {"POST", "/scopes/x/codes", "text/plain"},
                new String[] {"POST", "/%61pi/subjects/import", "application/x-ndjson"}, new String[] {"GET", "/actuator/health", null});
        for (String[] attempt : attempts) {
            Map<String, String> h = attempt[2] == null ? Map.of("Authorization", "Bearer " + token)
                    : Map.of("Content-Type", attempt[2], "Authorization", "Bearer " + token);
            HttpResponse<String> refused = http.send(attempt[0], attempt[1], h, "GET".equals(attempt[0]) ? null : "{}");
            assertThat(refused.statusCode()).as(attempt[0] + " " + attempt[1] + " " + refused.body()).isEqualTo(429);
            assertThat(code(refused)).isEqualTo("RATE_LIMITED");
            assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void aLargerBucketSyncedLocallyStillRefusesOnceItsBurstIsSpent() throws Exception {
        // application-test.yml: 40 a minute, so the bucket consumes locally and syncs with Redis every 4 tokens.
        String token = DevTokens.mint(testers.signingKey(), new DevTokens.Spec("rate-limit-probe-large", "probe", "SCJG", null,
                List.of(Role.DEPT_OPERATOR), null, Instant.now().plusSeconds(600), DevTokens.AUDIENCE));
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
        int allowed = 0;
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            int status = http.post("{\"query\":\"{ viewer { id } }\"}", headers).statusCode();
            if (status == 200) {
                allowed++;
            } else if (status == 429) {
                refused++;
            }
        }
        assertThat(allowed + refused).isEqualTo(60);
        // the burst, plus at most the refill of the seconds the loop took and one unsynced tenth
        assertThat(allowed).isBetween(40, 48);
        assertThat(refused).isPositive();
    }

    @Test
    void aPageSizeFromAVariableIsCheckedForEveryValueEvenOnceTheSameDocumentPassed() throws Exception {
        String document = "query($n: Int) { auditLog(first: $n) { totalCount } }";
        String admin = testers.token(null, null, null, Role.PLATFORM_ADMIN);
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + admin);
        HttpResponse<String> small = http.post(RawHttp.body(Map.of("query", document, "variables", Map.of("n", 5))), headers);
        assertThat(RawHttp.json(small).path("errors").isMissingNode()).as(small.body()).isTrue();
        HttpResponse<String> large = http.post(RawHttp.body(Map.of("query", document, "variables", Map.of("n", 100_000))), headers);
        assertThat(code(large)).isEqualTo("BAD_USER_INPUT");
        HttpResponse<String> again = http.post(RawHttp.body(Map.of("query", document, "variables", Map.of("n", 5))), headers);
        assertThat(RawHttp.json(again).path("errors").isMissingNode()).as(again.body()).isTrue();
    }
}
