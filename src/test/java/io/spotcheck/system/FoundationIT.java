package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.execution.instrumentation.Instrumentation;
import io.spotcheck.security.ApiKeyFilter;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.savedrequest.RequestCacheAwareFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import io.spotcheck.security.RateLimitFilter;

@IntegrationTest
class FoundationIT {

    @Autowired
    Testers testers;

    @LocalServerPort
    int port;

    final ObjectMapper json = new ObjectMapper();

    @Autowired
    GraphQlSource graphQlSource;

    @Autowired
    ObjectProvider<Instrumentation> instrumentations;

    @Autowired
    List<org.springframework.security.web.SecurityFilterChain> securityFilterChains;

    @Test
    void theEngineRunsEveryInstrumentationBeanInOrder() {
        Instrumentation engine = graphQlSource.graphQl().getInstrumentation();
        assertThat(engine).isInstanceOf(graphql.execution.instrumentation.ChainedInstrumentation.class);
        assertThat(((graphql.execution.instrumentation.ChainedInstrumentation) engine).getInstrumentations())
                .containsExactlyElementsOf(instrumentations.orderedStream().toList())
                .hasSizeGreaterThan(1);
    }

    @Test
    void healthReportsElasticsearchRedisAndIndicesSeparatelyToPlatformAdmins() throws Exception {
        JsonNode health = json.readTree(get("/actuator/health", testers.token(null, null, null, io.spotcheck.security.Role.PLATFORM_ADMIN)).body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("elasticsearch").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("redis").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("indices").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void actuatorEndpointsOtherThanHealthArePlatformAdminsOnly() throws Exception {
        String reviewer = DevTokens.mint(testers.signingKey(),
                new DevTokens.Spec("r", "r", "SCJG", "SCJG-S01", List.of(Role.AGENCY_REVIEWER)));
        String platformAdmin = DevTokens.mint(testers.signingKey(),
                new DevTokens.Spec("p", "p", "SCJG", null, List.of(Role.PLATFORM_ADMIN)));
        for (String path : List.of("/actuator/metrics", "/actuator/metrics/", "/actuator/metrics/jvm.memory.used", "/actuator")) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(json.readTree(anonymous.body()).path("errors").get(0).path("extensions").path("code").asText())
                    .isEqualTo("UNAUTHENTICATED");
            HttpResponse<String> forbidden = get(path, reviewer);
            assertThat(forbidden.statusCode()).as(path).isEqualTo(403);
            assertThat(json.readTree(forbidden.body()).path("errors").get(0).path("extensions").path("code").asText())
                    .isEqualTo("FORBIDDEN");
        }
        assertThat(get("/actuator/metrics", platformAdmin).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isNotIn(401, 403);
    }

    @Test
    void theSecurityChainRunsNoBrowserSessionFilters() {
        List<Class<?>> filters = securityFilterChains.stream()
                .flatMap(chain -> chain.getFilters().stream())
                .<Class<?>>map(Object::getClass)
                .toList();
        assertThat(filters).contains(ApiKeyFilter.class, BearerTokenAuthenticationFilter.class, RateLimitFilter.class,
                        AuthorizationFilter.class)
                .doesNotContain(LogoutFilter.class, RequestCacheAwareFilter.class, SecurityContextHolderAwareRequestFilter.class);
    }

    @Test
    void viewerReflectsTheBearerToken() {
        testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER)
                .document("{ viewer { department agency roles anonymous } }")
                .execute()
                .path("viewer.department").entity(String.class).isEqualTo("SCJG")
                .path("viewer.agency").entity(String.class).isEqualTo("SCJG-S01")
                .path("viewer.roles").entityList(String.class).containsExactly("AGENCY_REVIEWER")
                .path("viewer.anonymous").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void withoutTokenTheCallerIsThePublicAndMayNotWrite() {
        testers.anonymous().document("{ viewer { id anonymous } }").execute()
                .path("viewer.anonymous").entity(Boolean.class).isEqualTo(true);
        testers.anonymous().document("mutation { ping }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
    }

    @Test
    void forgedExpiredAndWrongAudienceTokensGetA401WithACode() throws Exception {
        String forged = DevTokens.mint("another-key-another-key-another-key-0000",
                new DevTokens.Spec("x", "x", "SCJG", null, List.of(Role.PLATFORM_ADMIN)));
        String expired = DevTokens.mint(testers.signingKey(), new DevTokens.Spec("x", "x", "SCJG", null,
                List.of(Role.DEPT_ADMIN), null, Instant.now().minusSeconds(3600), DevTokens.AUDIENCE));
        String otherAudience = DevTokens.mint(testers.signingKey(), new DevTokens.Spec("x", "x", "SCJG", null,
                List.of(Role.DEPT_ADMIN), null, Instant.now().plusSeconds(3600), "another-service"));
        for (String token : List.of(forged, expired, otherAudience, "not-a-jwt")) {
            HttpResponse<String> response = post("{\"query\":\"{ viewer { id } }\"}", token);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            JsonNode error = json.readTree(response.body()).path("errors").get(0);
            assertThat(error.path("extensions").path("code").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void syntaxErrorsCarryAStableCode() throws Exception {
        HttpResponse<String> response = post("{\"query\":\"{ viewer { \"}", null);
        JsonNode error = json.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("extensions").path("code").asText()).isEqualTo("GRAPHQL_PARSE_FAILED");
    }

    @Test
    void unknownFieldsCarryAStableCode() throws Exception {
        HttpResponse<String> response = post("{\"query\":\"{ viewer { password } }\"}", null);
        JsonNode error = json.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("extensions").path("code").asText()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
