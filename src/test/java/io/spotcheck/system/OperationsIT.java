package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import io.spotcheck.security.ScrapeAccess;

/** Metrics for Prometheus and health details, as operations read them. */
@IntegrationTest
class OperationsIT {

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Test
    void prometheusIsReadableWithoutCredentialsFromThisMachineInTheDevProfile() throws Exception {
        RawHttp http = new RawHttp(port);
        http.postJson("{\"query\":\"{ __typename }\"}");
        HttpResponse<String> metrics = http.send("GET", "/actuator/prometheus", Map.of(), null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds_count");
        // other actuator endpoints still need a platform admin
        assertThat(http.send("GET", "/actuator/metrics", Map.of(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthShowsDetailsToPlatformAdminsOnly() throws Exception {
        RawHttp http = new RawHttp(port);
        HttpResponse<String> anonymous = http.send("GET", "/actuator/health", Map.of(), null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(anonymous).path("components").path("diskSpace").has("details")).isFalse();
        String admin = testers.token(null, null, null, Role.PLATFORM_ADMIN);
        HttpResponse<String> detailed = http.send("GET", "/actuator/health", Map.of("Authorization", "Bearer " + admin), null);
        assertThat(RawHttp.json(detailed).path("components").path("diskSpace").has("details")).as(detailed.body()).isTrue();
        String operator = testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR);
        HttpResponse<String> notAdmin = http.send("GET", "/actuator/health", Map.of("Authorization", "Bearer " + operator), null);
        assertThat(RawHttp.json(notAdmin).path("components").path("diskSpace").has("details")).isFalse();
    }

    @Test
    void elsewhereAScraperNeedsTheScrapeCredential() {
        ScrapeAccess production = new ScrapeAccess("s3cret", false);
        assertThat(production.allowed(request("127.0.0.1", null))).isFalse();
        assertThat(production.allowed(request("10.1.2.3", basic("prometheus:s3cret")))).isTrue();
        assertThat(production.allowed(request("10.1.2.3", basic("prometheus:wrong")))).isFalse();
        assertThat(production.allowed(request("10.1.2.3", basic("other:s3cret")))).isFalse();
        ScrapeAccess dev = new ScrapeAccess("", true);
        assertThat(dev.allowed(request("127.0.0.1", null))).isTrue();
        assertThat(dev.allowed(request("::1", null))).isTrue();
        assertThat(dev.allowed(request("192.168.1.9", null))).isFalse();
        assertThat(dev.allowed(request("10.1.2.3", basic("prometheus:")))).isFalse();
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static MockHttpServletRequest request(String remote, String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus");
        request.setRemoteAddr(remote);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
