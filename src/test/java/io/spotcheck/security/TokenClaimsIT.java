package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A validly signed token (right key, audience, issuer, expiry, roles) whose caller claims are not
 * usable is refused like a forged one: 401 UNAUTHENTICATED with the one error body, before any
 * resolver runs. The claims a caller is built from: {@code sub} (required, 1–128 characters, no
 * control characters or surrounding white space, not a name the server keeps for the public or an
 * API key's id), {@code dept} and {@code agency} (when present, strings of their code forms) and
 * {@code name} (when present, a string).
 */
@IntegrationTest
class TokenClaimsIT {

    private static final Object ABSENT = new Object();

    @LocalServerPort
    int port;
    @Autowired
    Testers testers;

    /** A platform admin's token as the dev key signs it, with {@code changes} applied ({@link #ABSENT} removes a claim). */
    String token(Map<String, Object> changes) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "claims-admin");
        claims.put("name", "claims test");
        claims.put("roles", List.of("PLATFORM_ADMIN"));
        claims.putAll(changes);
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(DevTokens.ISSUER)
                .audience(DevTokens.AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        claims.forEach((k, v) -> {
            if (v != ABSENT) {
                builder.claim(k, v);
            }
        });
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        jwt.sign(new MACSigner(testers.signingKey().getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    HttpResponse<String> send(String token, String query) throws Exception {
        return new RawHttp(port).post(RawHttp.body(Map.of("query", query)),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
    }

    void assertRefused(Map<String, Object> changes) throws Exception {
        String token = token(changes);
        for (String query : List.of("{ viewer { id department agency anonymous } }", "mutation { ping }", "{ apiKeys { id } }")) {
            HttpResponse<String> response = send(token, query);
            assertThat(response.statusCode()).as(changes + " " + query + ": " + response.body()).isEqualTo(401);
            JsonNode error = RawHttp.json(response).path("errors").path(0);
            assertThat(error.path("extensions").path("code").asText()).as(changes.toString()).isEqualTo("UNAUTHENTICATED");
            assertThat(error.path("extensions").path("classification").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(RawHttp.json(response).has("data")).isFalse();
        }
    }

    @Test
    void aTokenWithoutASubjectIsRefused() throws Exception {
        assertRefused(Map.of("sub", ABSENT));
    }

    @Test
    void aBlankOrMalformedSubjectIsRefused() throws Exception {
        assertRefused(Map.of("sub", ""));
        assertRefused(Map.of("sub", "   "));
        assertRefused(Map.of("sub", " admin"));
        assertRefused(Map.of("sub", "ad\u0000min"));
        assertRefused(Map.of("sub", "line\nbreak"));
        assertRefused(Map.of("sub", "x".repeat(129)));
    }

    @Test
    void aSubjectTheServerKeepsForThePublicOrForApiKeysIsRefused() throws Exception {
        assertRefused(Map.of("sub", "anonymous"));
        assertRefused(Map.of("sub", "Anonymous"));
        assertRefused(Map.of("sub", "public"));
        assertRefused(Map.of("sub", "ak_0123456789abcdef"));
    }

    @Test
    void departmentAndAgencyClaimsMustBeCodes() throws Exception {
        assertRefused(Map.of("dept", "x; drop"));
        assertRefused(Map.of("dept", Map.of("a", 1)));
        assertRefused(Map.of("dept", List.of("SCJG")));
        assertRefused(Map.of("dept", ""));
        assertRefused(Map.of("dept", "scjg"));
        assertRefused(Map.of("dept", "SCJG", "agency", "SCJG S01"));
        assertRefused(Map.of("dept", "SCJG", "agency", 7));
        assertRefused(Map.of("dept", "SCJG", "agency", "<b>"));
    }

    @Test
    void aNameThatIsNoTextIsRefused() throws Exception {
        assertRefused(Map.of("name", Map.of("a", 1)));
        assertRefused(Map.of("name", "bad\u0007name"));
    }

    @Test
    void aWellFormedTokenStillNamesItsCaller() throws Exception {
        String token = token(Map.of("sub", "scjg-claims-op", "name", " ", "dept", "SCJG", "agency", "SCJG-S01",
                "roles", List.of("DEPT_OPERATOR")));
        HttpResponse<String> response = send(token, "{ viewer { id name department agency anonymous } }");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode viewer = RawHttp.json(response).path("data").path("viewer");
        assertThat(viewer.path("id").asText()).isEqualTo("scjg-claims-op");
        assertThat(viewer.path("name").asText()).as("a blank name falls back to the subject").isEqualTo("scjg-claims-op");
        assertThat(viewer.path("department").asText()).isEqualTo("SCJG");
        assertThat(viewer.path("agency").asText()).isEqualTo("SCJG-S01");
        assertThat(viewer.path("anonymous").asBoolean()).isFalse();
        assertThat(RawHttp.json(response).path("errors").isMissingNode()).isTrue();
    }
}
