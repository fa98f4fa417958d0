package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.SpotcheckApplication;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.support.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server whose Elasticsearch is unreachable still starts, says so in its health, and answers a
 * search with a coded GraphQL error rather than a stack trace.
 */
@Tag("integration")
class SubjectSearchWithoutElasticsearchIT {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aSearchWhileElasticsearchIsDownGetsBackendUnavailableAndHealthSaysDown() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SpotcheckApplication.class)
                .profiles("dev", "test")
                // Command-line arguments: they outrank application.yml and the ES_URL it reads.
                .run("--server.port=0",
                        "--spring.elasticsearch.uris=http://127.0.0.1:1",
                        "--spring.data.redis.url=" + TestServices.redisUrl(),
                        "--spotcheck.elasticsearch.prefix=" + TestServices.INDEX_PREFIX + "down-",
                        "--spotcheck.redis.key-prefix=" + TestServices.REDIS_PREFIX + "down:",
                        "--spotcheck.elasticsearch.bootstrap-synchronously=false")) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();

            // Components are shown to platform admins only.
            String admin = DevTokens.mint(app.getEnvironment().getProperty("spotcheck.security.dev-signing-key"),
                    new DevTokens.Spec("health-admin", "admin", null, null, java.util.List.of(io.spotcheck.security.Role.PLATFORM_ADMIN)));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health")).header("Authorization", "Bearer " + admin).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode healthBody = json.readTree(health.body());
            assertThat(healthBody.path("status").asText()).isEqualTo("DOWN");
            assertThat(healthBody.path("components").path("elasticsearch").path("status").asText()).isEqualTo("DOWN");

            String token = DevTokens.mint(app.getEnvironment().getProperty("spotcheck.security.dev-signing-key"),
                    new DevTokens.Spec("op", "op", "SCJG", "SCJG-S01", List.of(Role.DEPT_OPERATOR)));
            String body = "{\"query\":\"{ subjects(filter: {text: \\\"萧山\\\"}) { totalCount edges { node { code } } } }\"}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode errors = json.readTree(response.body()).path("errors");
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).path("extensions").path("code").asText()).isEqualTo("BACKEND_UNAVAILABLE");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("127.0.0.1:1");
        }
    }
}
