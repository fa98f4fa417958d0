package io.spotcheck.system;

import static io.spotcheck.support.RawHttp.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Apollo automatic persisted queries over POST and GET, HTTP caching of public GET answers, gzip. */
@IntegrationTest
class PersistedQueriesAndCachingIT {

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Autowired
    StringRedisTemplate redis;

    RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, Object> persisted(String hash) {
        return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
    }

    @Test
    void anUnknownHashIsNotFoundThenTheTextRegistersItInRedisForEveryReplica() throws Exception {
        String query = "query Apq" + System.nanoTime() + " { viewer { anonymous } }";
        String hash = sha256(query);
        HttpResponse<String> miss = http.postJson(RawHttp.body(Map.of("extensions", persisted(hash))));
        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(code(miss)).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
        assertThat(RawHttp.json(miss).path("errors").path(0).path("message").asText()).isEqualTo("PersistedQueryNotFound");

        HttpResponse<String> register = http.postJson(RawHttp.body(Map.of("query", query, "extensions", persisted(hash))));
        assertThat(RawHttp.json(register).path("data").path("viewer").path("anonymous").asBoolean()).as(register.body()).isTrue();
        assertThat(redis.keys("*apq:" + hash)).hasSize(1);

        HttpResponse<String> hit = http.postJson(RawHttp.body(Map.of("extensions", persisted(hash))));
        assertThat(RawHttp.json(hit).path("data").path("viewer").path("anonymous").asBoolean()).as(hit.body()).isTrue();
        HttpResponse<String> get = http.send("GET", "/graphql?extensions="
                + URLEncoder.encode(RawHttp.body(persisted(hash)), StandardCharsets.UTF_8), Map.of(), null);
        assertThat(RawHttp.json(get).path("data").path("viewer").path("anonymous").asBoolean()).as(get.body()).isTrue();
    }

    @Test
    void aTextThatDoesNotHashToTheGivenHashIsRefused() throws Exception {
        HttpResponse<String> response = http.postJson(RawHttp.body(Map.of("query", "{ viewer { id } }",
                "extensions", persisted(sha256("{ something else }")))));
        assertThat(code(response)).isEqualTo("PERSISTED_QUERY_HASH_MISMATCH");
    }

    @Test
    void aPersistedMutationIsStillRefusedOverGet() throws Exception {
        String mutation = "mutation Ping" + System.nanoTime() + " { ping }";
        String hash = sha256(mutation);
        String admin = testers.token(null, null, null, Role.PLATFORM_ADMIN);
        http.post(RawHttp.body(Map.of("query", mutation, "extensions", persisted(hash))),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + admin));
        HttpResponse<String> get = http.send("GET", "/graphql?extensions="
                + URLEncoder.encode(RawHttp.body(persisted(hash)), StandardCharsets.UTF_8), Map.of("Authorization", "Bearer " + admin), null);
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void publicGetAnswersAreCacheableBrieflyAndNothingSignedInIs() throws Exception {
        HttpResponse<String> anonymous = http.get("{ viewer { anonymous } }", Map.of());
        assertThat(anonymous.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        // Field names in Vary are case-insensitive; Tomcat's compression rewrites the merged list in lower case.
        assertThat(anonymous.headers().allValues("Vary").toString().toLowerCase(java.util.Locale.ROOT)).contains("authorization");
        String operator = testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR);
        HttpResponse<String> signedIn = http.get("{ viewer { anonymous } }", Map.of("Authorization", "Bearer " + operator));
        assertThat(signedIn.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> post = http.postJson("{\"query\":\"{ viewer { anonymous } }\"}");
        assertThat(post.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> failed = http.get("{ nope }", Map.of());
        assertThat(failed.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void largeAnswersAreGzippedForClientsThatAcceptIt() throws Exception {
        String query = new String(getClass().getResourceAsStream("/frontend/introspection-query.graphql").readAllBytes(), StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                .header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(RawHttp.body(Map.of("query", query)))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"__schema\"");
    }
}
