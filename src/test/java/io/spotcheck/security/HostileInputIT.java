package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import io.spotcheck.apikey.ApiKeyScopes;

/**
 * Sends every request of the hostile-input corpus ({@code src/test/resources/hostile/*.ndjson},
 * format in {@code hostile/generate.py}) over real HTTP: each gets the expected status and stable
 * code in a GraphQL-shaped error, never a 5xx or anything internal; none writes; the server is
 * healthy afterwards. Feature teams add their own {@code hostile/<feature>.ndjson}.
 */
@IntegrationTest
class HostileInputIT {

    private static final Pattern REPEAT = Pattern.compile("\\{\\{REPEAT:(.+?):(\\d+)\\}\\}");
    /** Anything that betrays the implementation: stack frames, exception or Java class names. */
    private static final Pattern LEAK = Pattern.compile(
            "\\tat |Exception\\b|\\b(java|javax|jakarta|sun)\\.[a-z]+\\.|org\\.springframework|io\\.spotcheck|com\\.fasterxml|co\\.elastic"
                    + "|graphql\\.[a-z]+\\.[A-Z]|io\\.lettuce|[A-Z][a-z]+(Value|Field)\\{|upstreamPublisher|scanAvailable|<html|<!doctype");

    /**
     * {@code payload}, when set, names the mutation field whose {@code errors[0].code} (a
     * {@code UserError}) must be {@code code}, for refusals answered in the payload.
     */
    record Entry(String id, String category, String method, String path, Map<String, String> headers, String token,
                 String body, Object status, String code, String payload) {}

    private static final Pattern HEX = Pattern.compile("\\{\\{HEX:([0-9a-fA-F]+)\\}\\}");

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Autowired
    ElasticsearchClient client;

    @Autowired
    IndexNames names;

    @Autowired
    io.spotcheck.scope.ScopeStore scopes;

    @Autowired
    io.spotcheck.subject.write.SubjectWriter subjects;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyHostileRequestGetsACleanCodedAnswerAndWritesNothing() throws Exception {
        List<Entry> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        assertThat(corpus.stream().map(Entry::id).distinct().count()).as("unique ids").isEqualTo(corpus.size());
        Fixtures fixtures = fixtures();
        long keysBefore = count("api_keys", null);
        long okBefore = count("audit", "OK");
        Map<String, Long> before = counts();
        RawHttp http = new RawHttp(port);
        SoftAssertions softly = new SoftAssertions();
        for (Entry entry : corpus) {
            Map<String, String> headers = new HashMap<>();
            if ("POST".equals(entry.method()) && !entry.headers().containsKey("Content-Type")) {
                headers.put("Content-Type", "application/json");
            }
            entry.headers().forEach((k, v) -> {
                if (!v.isEmpty()) {
                    headers.put(k, v);
                }
            });
            authenticate(entry.token(), headers);
            HttpResponse<String> response = http.sendBytes(entry.method(),
                    entry.path() == null ? "/graphql" : fixtures.fill(entry.path()), headers,
                    entry.body() == null ? null : bytes(fixtures.fill(expand(entry.body()))));
            String what = entry.id() + " → " + response.statusCode() + " " + abbreviate(response.body());
            softly.assertThat(response.statusCode()).as(what + " (no 5xx)").isLessThan(500);
            if (entry.status() instanceof Number expected) {
                softly.assertThat(response.statusCode()).as(what).isEqualTo(expected.intValue());
            } else {
                softly.assertThat(response.statusCode() / 100 + "xx").as(what).isEqualTo(entry.status());
            }
            softly.assertThat(LEAK.matcher(response.body()).find()).as(what + " leaks internals").isFalse();
            JsonNode body;
            try {
                body = json.readTree(response.body());
            } catch (Exception e) {
                softly.fail(what + ": the body is not JSON");
                continue;
            }
            if (entry.payload() != null) {
                softly.assertThat(body.path("errors").isMissingNode()).as(what + " answers in the payload").isTrue();
                softly.assertThat(body.path("data").path(entry.payload()).path("errors").path(0).path("code").asText())
                        .as(what).isEqualTo(entry.code());
            } else if (entry.code() == null) {
                softly.assertThat(body.path("errors").isMissingNode()).as(what + " must succeed").isTrue();
                softly.assertThat(body.path("data").isObject()).as(what + " has data").isTrue();
            } else {
                JsonNode first = body.path("errors").path(0);
                softly.assertThat(first.path("message").isTextual()).as(what + " GraphQL-shaped error").isTrue();
                softly.assertThat(first.path("extensions").path("code").asText()).as(what).isEqualTo(entry.code());
            }
        }
        softly.assertAll();
        assertThat(count("api_keys", null)).as("API keys written by hostile requests").isEqualTo(keysBefore);
        assertThat(count("audit", "OK")).as("successful audited changes made by hostile requests").isEqualTo(okBefore);
        assertThat(counts()).as("documents written by hostile requests").isEqualTo(before);
        assertThat(subjects.get(fixtures.subject()).subject().tags()).as("tags written by hostile requests").isNullOrEmpty();
        JsonNode health = json.readTree(http.send("GET", "/actuator/health", Map.of(), null).body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
    }

    /** What corpus entries refer to as {{SUBJECT}} and {{SCOPE}}: a stored subject, an IMPORTED scope of SCJG still open. */
    record Fixtures(String subject, String scope) {
        String fill(String text) {
            return text.replace("{{SUBJECT}}", subject).replace("{{SCOPE}}", scope);
        }
    }

    private Fixtures fixtures() throws Exception {
        String code = "91H" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("code", code);
        doc.put("kind", "ORGANISATION");
        doc.put("type", "ENTERPRISE");
        doc.put("name", "敌意测试企业");
        doc.put("regionCode", "330109001");
        doc.put("status", "ACTIVE");
        client.index(i -> i.index(names.alias("subjects")).id(code).document(doc).refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
        String scope = "S-HOSTILE-" + java.util.UUID.randomUUID();
        scopes.create(new io.spotcheck.scope.Scope(scope, "敌意范围", "SCJG", "IMPORTED", Map.of("imported", true), "BUILDING", null, null, null,
                null, null, null, null, "test", java.time.OffsetDateTime.now(), null));
        return new Fixtures(code, scope);
    }

    /** Documents in the indices a hostile write could reach. */
    private Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String index : List.of("subjects", "scopes", "tasks", "plans", "tag_rules", "api_keys")) {
            counts.put(index, count(index, null));
        }
        return counts;
    }

    /** The body as UTF-8, with {{HEX:c0af}} placeholders as the raw bytes they spell. */
    static byte[] bytes(String body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Matcher m = HEX.matcher(body);
        int from = 0;
        while (m.find()) {
            out.writeBytes(body.substring(from, m.start()).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(java.util.HexFormat.of().parseHex(m.group(1)));
            from = m.end();
        }
        out.writeBytes(body.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private List<Entry> corpus() throws Exception {
        List<Entry> entries = new ArrayList<>();
        for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath*:hostile/*.ndjson")) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        entries.add(json.readValue(line, Entry.class));
                    }
                }
            }
        }
        return entries;
    }

    private void authenticate(String token, Map<String, String> headers) {
        String key = testers.signingKey();
        Instant hour = Instant.now().plusSeconds(3600);
        switch (token == null ? "none" : token) {
            case "none" -> { }
            case "forged" -> headers.put("Authorization", "Bearer " + DevTokens.mint("another-key-another-key-another-key-0000",
                    new DevTokens.Spec("x", "x", "SCJG", null, List.of(Role.PLATFORM_ADMIN))));
            case "expired" -> headers.put("Authorization", "Bearer " + DevTokens.mint(key, new DevTokens.Spec("x", "x", "SCJG", null,
                    List.of(Role.PLATFORM_ADMIN), null, Instant.now().minusSeconds(3600), DevTokens.AUDIENCE)));
            case "wrong-audience" -> headers.put("Authorization", "Bearer " + DevTokens.mint(key, new DevTokens.Spec("x", "x", "SCJG",
                    null, List.of(Role.PLATFORM_ADMIN), null, hour, "another-service")));
            case "malformed" -> headers.put("Authorization", "Bearer not.a.jwt");
            case "no-exp" -> headers.put("Authorization", "Bearer " + noExpiryToken(key));
            case "empty" -> headers.put("Authorization", "Bearer ");
            case "unknown-role" -> headers.put("Authorization", "Bearer " + unknownRoleToken(key));
            case "alg-none" -> headers.put("Authorization", "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                    + b64("{\"sub\":\"x\",\"roles\":[\"PLATFORM_ADMIN\"],\"aud\":\"spotcheck\",\"iss\":\"spotcheck-dev\",\"exp\":4102444800}") + ".");
            case "apikey-unknown" -> headers.put("X-API-Key", "ak_0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            case "apikey-malformed" -> headers.put("Authorization", "ApiKey garbage");
            default -> {
                String[] parts = token.split(":");
                if (!parts[0].equals("role")) {
                    throw new IllegalArgumentException("unknown token kind " + token);
                }
                Role role = Role.valueOf(parts[1]);
                String department = parts.length > 2 ? parts[2] : null;
                String scope = role == Role.AUTOMATION ? String.join(" ", ApiKeyScopes.KNOWN) : null;
                headers.put("Authorization", "Bearer " + testers.token(department, null, scope, role));
            }
        }
    }

    /** A correctly signed platform admin's token without {@code exp}: it would never expire. */
    private static String noExpiryToken(String key) {
        try {
            com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("x")
                    .issuer(DevTokens.ISSUER).audience(DevTokens.AUDIENCE)
                    .claim("roles", List.of("PLATFORM_ADMIN")).build();
            com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                    new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
            jwt.sign(new com.nimbusds.jose.crypto.MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unknownRoleToken(String key) {
        try {
            com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("x")
                    .issuer(DevTokens.ISSUER).audience(DevTokens.AUDIENCE)
                    .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600)))
                    .claim("roles", List.of("SUPERUSER")).build();
            com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                    new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
            jwt.sign(new com.nimbusds.jose.crypto.MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String expand(String body) {
        Matcher m = REPEAT.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private long count(String index, String outcome) throws Exception {
        client.indices().refresh(r -> r.index(names.alias(index)));
        return client.count(c -> c.index(names.alias(index)).query(q -> outcome == null
                ? q.matchAll(a -> a) : q.term(t -> t.field("outcome").value(outcome)))).count();
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
