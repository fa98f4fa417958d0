package io.spotcheck.apikey;

import static io.spotcheck.support.RawHttp.code;
import static io.spotcheck.support.RawHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import io.spotcheck.security.Role;

@IntegrationTest
class ApiKeyIT {

    static final String CREATE = "mutation($in: CreateApiKeyInput!) { createApiKey(input: $in) { secret apiKey { id department scopes revoked } errors { code } } }";

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Autowired
    ElasticsearchClient client;

    @Autowired
    IndexNames names;

    RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    JsonNode as(String token, String query, Map<String, Object> variables) throws Exception {
        HttpResponse<String> response = http.post(RawHttp.body(Map.of("query", query, "variables", variables)),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    String deptAdmin() {
        return testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_ADMIN);
    }

    JsonNode create(String token, String department, List<String> scopes) throws Exception {
        return as(token, CREATE, Map.of("in", Map.of("name", "sync-" + UUID.randomUUID(), "department", department, "scopes", scopes)));
    }

    @Test
    void aKeyAuthenticatesAsAutomationWithItsDepartmentAndScopesUntilRevoked() throws Exception {
        JsonNode created = create(deptAdmin(), "SCJG", List.of("subjects:import", "stats:read"));
        String secret = created.path("data").path("createApiKey").path("secret").asText();
        String id = created.path("data").path("createApiKey").path("apiKey").path("id").asText();
        assertThat(secret).startsWith(id + ".");

        for (Map<String, String> header : List.of(Map.of("Authorization", "ApiKey " + secret), Map.of("X-API-Key", secret))) {
            Map<String, String> headers = new java.util.HashMap<>(header);
            headers.put("Content-Type", "application/json");
            JsonNode viewer = json(http.post("{\"query\":\"{ viewer { id department roles scopes } }\"}", headers)).path("data").path("viewer");
            assertThat(viewer.path("id").asText()).isEqualTo(id);
            assertThat(viewer.path("department").asText()).isEqualTo("SCJG");
            assertThat(viewer.path("roles").toString()).isEqualTo("[\"AUTOMATION\"]");
            assertThat(viewer.path("scopes").toString()).isEqualTo("[\"stats:read\",\"subjects:import\"]");
        }

        JsonNode revoked = as(deptAdmin(), "mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revoked } } }", Map.of("id", id));
        assertThat(revoked.path("data").path("revokeApiKey").path("apiKey").path("revoked").asBoolean()).isTrue();
        HttpResponse<String> after = http.post("{\"query\":\"{ viewer { id } }\"}",
                Map.of("Content-Type", "application/json", "Authorization", "ApiKey " + secret));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(code(after)).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void onlyTheHashIsStoredAndTheListShowsNoSecretButTheLastUse() throws Exception {
        JsonNode created = create(deptAdmin(), "SCJG", List.of("stats:read"));
        String secret = created.path("data").path("createApiKey").path("secret").asText();
        String id = created.path("data").path("createApiKey").path("apiKey").path("id").asText();
        http.post("{\"query\":\"{ viewer { id } }\"}", Map.of("Content-Type", "application/json", "X-API-Key", secret));

        @SuppressWarnings("rawtypes")
        Map stored = client.get(g -> g.index(names.alias("api_keys")).id(id), Map.class).source();
        assertThat(stored.toString()).doesNotContain(secret.substring(id.length() + 1));
        assertThat(stored.get("hash")).isEqualTo(ApiKeyService.sha256(secret.substring(id.length() + 1)));
        assertThat(stored.get("lastUsedAt")).as("last use recorded").isNotNull();
        assertThat(stored.keySet()).as("the fields keys were always stored with")
                .containsExactlyInAnyOrder("id", "name", "department", "scopes", "hash", "createdAt", "createdBy", "lastUsedAt");

        // The list is a search, near-real-time like every search; make the last use visible to it.
        client.indices().refresh(r -> r.index(names.alias("api_keys")));

        JsonNode list = as(deptAdmin(), "{ apiKeys { id lastUsedAt } }", Map.of());
        JsonNode mine = null;
        for (JsonNode key : list.path("data").path("apiKeys")) {
            if (key.path("id").asText().equals(id)) {
                mine = key;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("lastUsedAt").isNull()).isFalse();
        assertThat(list.toString()).doesNotContain(secret.substring(id.length() + 1));
    }

    @Test
    void unknownMalformedAndTamperedKeysGet401() throws Exception {
        JsonNode created = create(deptAdmin(), "SCJG", List.of("stats:read"));
        String secret = created.path("data").path("createApiKey").path("secret").asText();
        // a character of the secret well before its end: every bit of it is data (a base64 text's last character may carry unused bits)
        int at = secret.length() - 5;
        String tampered = secret.substring(0, at) + (secret.charAt(at) == 'A' ? 'B' : 'A') + secret.substring(at + 1);
        for (String key : List.of(tampered, "ak_0000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "garbage", "ak_zz.x")) {
            HttpResponse<String> response = http.post("{\"query\":\"{ viewer { id } }\"}",
                    Map.of("Content-Type", "application/json", "X-API-Key", key));
            assertThat(response.statusCode()).as(key).isEqualTo(401);
            assertThat(code(response)).isEqualTo("UNAUTHENTICATED");
        }
    }

    @Test
    void aDepartmentAdminCannotCreateKeysForAnotherDepartmentAndUnknownScopesAreBadInput() throws Exception {
        assertThat(create(deptAdmin(), "WSJK", List.of("stats:read")).path("errors").path(0).path("extensions").path("code").asText())
                .isEqualTo("FORBIDDEN");
        assertThat(create(deptAdmin(), "SCJG", List.of("everything")).path("errors").path(0).path("extensions").path("code").asText())
                .isEqualTo("BAD_USER_INPUT");
        String platform = testers.token(null, null, null, Role.PLATFORM_ADMIN);
        assertThat(create(platform, "WSJK", List.of("stats:read")).path("data").path("createApiKey").path("apiKey")
                .path("department").asText()).isEqualTo("WSJK");
    }
}
