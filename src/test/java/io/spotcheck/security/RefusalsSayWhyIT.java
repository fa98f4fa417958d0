package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Imports that cannot be used say why; answers carry the security headers; the public sees health's status only. */
@IntegrationTest
class RefusalsSayWhyIT {

    @LocalServerPort
    int port;
    @Autowired
    Testers testers;
    @Autowired
    ScopeStore scopes;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aCsvImportWithoutAHeaderRowIsRejectedWithTheReasonAndImportsNothing() throws Exception {
        String code = "91330109MA2G" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        long before = subjects();
        String token = testers.token("SCJG", null, null, Role.DEPT_OPERATOR);
        HttpResponse<String> response = new RawHttp(port).send("POST", "/api/subjects/import",
                Map.of("Content-Type", "text/csv", "Authorization", "Bearer " + token),
                code + ",ORGANISATION,ENTERPRISE,某公司,330109001,ACTIVE\n" + code + "1,ORGANISATION,ENTERPRISE,某公司,330109001,ACTIVE\n");
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> lines = response.body().lines().map(this::read).toList();
        assertThat(lines.get(0).path("errors").path(0).path("code").asText()).isEqualTo("MISSING_HEADER");
        assertThat(lines.get(0).path("errors").path(0).path("message").asText()).contains("header", "code");
        JsonNode summary = lines.get(lines.size() - 1).path("summary");
        assertThat(summary.path("accepted").asLong()).isZero();
        assertThat(summary.path("rejected").asLong()).isEqualTo(1);
        assertThat(subjects()).isEqualTo(before);
    }

    @Test
    void anImportedListNamesEveryLineItCouldNotRead() throws Exception {
        String id = "S-LINES-" + UUID.randomUUID();
        scopes.create(new Scope(id, "行", "SCJG", "IMPORTED", Map.of("imported", true), "BUILDING", null, null, null, null, null, null,
                null, "test", OffsetDateTime.now(), null));
        String token = testers.token("SCJG", null, null, Role.DEPT_OPERATOR);
        String body = "code\n91330109NOSUCH0001\ngarbage\n*\n../x\n\n<script>\n91330109NOSUCH0002,extra\n=1+1\n";
        HttpResponse<String> response = new RawHttp(port).send("POST", "/scopes/" + id + "/codes",
                Map.of("Content-Type", "text/plain", "Authorization", "Bearer " + token), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("lines").asLong()).isEqualTo(9);
        assertThat(report.path("read").asLong()).isEqualTo(2);
        assertThat(report.path("rejectedCount").asLong()).isEqualTo(5);
        assertThat(report.path("rejected").findValuesAsText("text")).containsExactly("garbage", "*", "../x", "<script>", "=1+1");
        assertThat(report.path("rejected").findValuesAsText("line")).containsExactly("3", "4", "5", "7", "9");
        assertThat(report.path("rejected").path(0).path("reason").asText()).isNotBlank();
    }

    @Test
    void everyAnswerCarriesAContentSecurityPolicyAndNoReferrer() throws Exception {
        RawHttp http = new RawHttp(port);
        for (HttpResponse<String> response : List.of(http.postJson("{\"query\":\"{ viewer { id } }\"}"),
                http.send("GET", "/nope", Map.of(), (String) null), http.send("GET", "/actuator/health", Map.of(), (String) null))) {
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
    }

    @Test
    void thePublicSeesOnlyTheHealthStatusAndAdminsSeeItsComponents() throws Exception {
        RawHttp http = new RawHttp(port);
        JsonNode anonymous = json.readTree(http.send("GET", "/actuator/health", Map.of(), (String) null).body());
        assertThat(anonymous.path("status").isTextual()).isTrue();
        assertThat(anonymous.has("components")).as(anonymous.toString()).isFalse();
        JsonNode admin = json.readTree(http.send("GET", "/actuator/health",
                Map.of("Authorization", "Bearer " + testers.token(null, null, null, Role.PLATFORM_ADMIN)), (String) null).body());
        assertThat(admin.path("components").has("elasticsearch")).as(admin.toString()).isTrue();
    }

    private JsonNode read(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }

    private long subjects() throws Exception {
        client.indices().refresh(r -> r.index(names.alias("subjects")));
        return client.count(c -> c.index(names.alias("subjects"))).count();
    }
}
