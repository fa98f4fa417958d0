package io.spotcheck.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plain HTTP to the suite's Elasticsearch (to read what really is stored, independently of the
 * server) and to the server's GraphQL endpoint. No client state survives a restart of either side.
 */
final class FaultClients {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private FaultClients() {}

    record Reply(int status, JsonNode body) {}

    static Reply send(String method, String url, String token, Object body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> resp = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode node = resp.body().isBlank() ? JSON.nullNode() : JSON.readTree(resp.body());
        return new Reply(resp.statusCode(), node);
    }

    // ---------------------------------------------------------------- GraphQL

    static JsonNode graphql(String serverUrl, String token, String query, Map<String, Object> variables) throws IOException, InterruptedException {
        return graphql(serverUrl, token, query, variables, Duration.ofSeconds(120));
    }

    static JsonNode graphql(String serverUrl, String token, String query, Map<String, Object> variables, Duration timeout)
            throws IOException, InterruptedException {
        Reply reply = send("POST", serverUrl + "/graphql", token, Map.of("query", query, "variables", variables), timeout);
        return reply.body();
    }

    // ---------------------------------------------------------------- Elasticsearch

    static JsonNode es(String esUrl, String method, String path, Object body) throws IOException, InterruptedException {
        Reply reply = send(method, esUrl + path, null, body, Duration.ofSeconds(60));
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + reply.status() + " " + reply.body());
        }
        return reply.body();
    }

    static void refresh(String esUrl, String index) throws IOException, InterruptedException {
        es(esUrl, "POST", "/" + index + "/_refresh", null);
    }

    static long count(String esUrl, String index, JsonNode query) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.set("query", query);
        return es(esUrl, "POST", "/" + index + "/_count", body).path("count").asLong();
    }

    static JsonNode term(String field, String value) {
        ObjectNode q = JSON.createObjectNode();
        q.putObject("term").put(field, value);
        return q;
    }

    static JsonNode matchAll() {
        ObjectNode q = JSON.createObjectNode();
        q.putObject("match_all");
        return q;
    }

    /** Every hit of {@code query} over one point in time, ascending by {@code code}, duplicates and all. */
    static void walkByCode(String esUrl, String index, JsonNode query, List<String> fields, Consumer<JsonNode> each)
            throws IOException, InterruptedException {
        String pit = es(esUrl, "POST", "/" + index + "/_pit?keep_alive=2m", null).path("id").asText();
        try {
            JsonNode after = null;
            while (true) {
                ObjectNode body = JSON.createObjectNode();
                body.put("size", 10_000);
                body.set("query", query);
                body.putObject("pit").put("id", pit).put("keep_alive", "2m");
                body.putArray("sort").addObject().put("code", "asc");
                ArrayNode source = body.putArray("_source");
                fields.forEach(source::add);
                body.put("track_total_hits", false);
                if (after != null) {
                    body.set("search_after", after);
                }
                JsonNode r = es(esUrl, "POST", "/_search", body);
                pit = r.path("pit_id").asText(pit);
                JsonNode hits = r.path("hits").path("hits");
                for (JsonNode hit : hits) {
                    each.accept(hit.path("_source"));
                    after = hit.path("sort");
                }
                if (hits.size() < 10_000) {
                    return;
                }
            }
        } finally {
            ObjectNode close = JSON.createObjectNode().put("id", pit);
            try {
                es(esUrl, "DELETE", "/_pit", close);
            } catch (RuntimeException ignored) {
                // expires by itself
            }
        }
    }

    static List<String> codes(String esUrl, String index, JsonNode query) throws IOException, InterruptedException {
        List<String> codes = new ArrayList<>();
        walkByCode(esUrl, index, query, List.of("code"), s -> codes.add(s.path("code").asText()));
        return codes;
    }

    /**
     * The scope's members, its count, digest and snapshot against the subjects its filter (all of them)
     * selects: same count, no code twice, the same codes, each member under its subject's public key
     * (docs/DRAW-ALGORITHM.md §2), and the kept snapshot file (§3) one line per member in ascending key
     * order, whose SHA-256 is the scope's digest.
     */
    static void assertExactScope(String esUrl, String prefix, String scopeId) throws IOException, InterruptedException {
        refresh(esUrl, prefix + "scope_members");
        refresh(esUrl, prefix + "subjects");
        java.util.LinkedHashMap<String, String> keyOf = new java.util.LinkedHashMap<>();
        walkByCode(esUrl, prefix + "subjects", matchAll(), List.of("code", "publicKey"), s -> {
            String key = s.path("publicKey").asText("");
            keyOf.put(s.path("code").asText(), key.isEmpty() ? s.path("code").asText() : key);
        });
        List<String> expected = new ArrayList<>(keyOf.keySet());
        assertThat(expected).hasSize((int) count(esUrl, prefix + "subjects", matchAll()));
        List<String> members = new ArrayList<>();
        List<String> memberKeys = new ArrayList<>();
        walkByCode(esUrl, prefix + "scope_members", term("scopeId", scopeId), List.of("code", "key"), m -> {
            members.add(m.path("code").asText());
            memberKeys.add(m.path("key").asText());
            assertThat(m.path("key").asText()).as("key of member %s", m.path("code").asText()).isEqualTo(keyOf.get(m.path("code").asText()));
        });
        assertThat(new HashSet<>(members)).as("distinct member codes").hasSize(members.size());
        assertThat(members).as("members, code by code").hasSize(expected.size()).isEqualTo(expected);
        JsonNode scope = scopeDoc(esUrl, prefix, scopeId);
        assertThat(scope.path("memberCount").asLong()).isEqualTo(expected.size());

        java.security.MessageDigest file = io.spotcheck.scope.Sha256.newDigest();
        List<String> snapshotKeys = new ArrayList<>();
        for (int chunk = 0; chunk < scope.path("chunkCount").asInt(); chunk++) {
            JsonNode doc = es(esUrl, "GET", "/" + prefix + "scope_snapshots/_doc/" + scopeId + ":" + chunk, null).path("_source");
            String lines = doc.path("lines").asText();
            if (lines.isEmpty()) {
                continue;
            }
            for (String line : lines.split("\n")) {
                snapshotKeys.add(line.substring(0, line.indexOf('\t')));
                file.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        List<String> sortedKeys = new ArrayList<>(memberKeys);
        sortedKeys.sort(java.util.Comparator.comparing(k -> k.getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned));
        assertThat(snapshotKeys).as("snapshot keys, in ascending byte order").isEqualTo(sortedKeys);
        String hex = io.spotcheck.scope.Sha256.hex(file.digest());
        assertThat(scope.path("digest").asText()).as("scope digest = SHA-256 of the snapshot file").isEqualTo(hex);
        System.out.printf("[faults %tT] scope %s exact: %d members, digest %s…%n", System.currentTimeMillis(), scopeId, members.size(), hex.substring(0, 12));
    }

    /** The scope's stored document, read from Elasticsearch. */
    static JsonNode scopeDoc(String esUrl, String prefix, String scopeId) throws IOException, InterruptedException {
        return send("GET", esUrl + "/" + prefix + "scopes/_doc/" + scopeId, null, null, Duration.ofSeconds(30)).body().path("_source");
    }

    /** Waits until the scope's job has ended and requires it FROZEN. */
    static void awaitFrozen(String esUrl, String prefix, String scopeId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = null;
        while (System.nanoTime() < deadline) {
            status = scopeDoc(esUrl, prefix, scopeId).path("status").asText();
            if (!"BUILDING".equals(status)) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(status).as("scope %s: %s", scopeId, scopeDoc(esUrl, prefix, scopeId).path("error")).isEqualTo("FROZEN");
    }

    /**
     * A new task of market regulation scoped to {@code scopeId}, ready to draw. The fault tests draw
     * many tasks from one large frozen scope, which a commitment made now would follow
     * (COMMITTED_AFTER_FREEZE): the commitment is written to the store, dated before any freeze.
     */
    static String scopedTask(String serverUrl, String token, String esUrl, String prefix, String scopeId, String name)
            throws IOException, InterruptedException {
        JsonNode created = graphql(serverUrl, token, """
                mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId version status } errors { code message } } }""",
                Map.of("in", Map.of("name", name, "leadDepartment", "SCJG", "level", "DISTRICT", "publicDraw", false,
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002"), "expectedOnSiteMinutes", 40)))));
        JsonNode task = created.path("data").path("createTask").path("task");
        assertThat(task.isObject()).as("%s", created).isTrue();
        JsonNode scoped = graphql(serverUrl, token,
                "mutation($id:String!,$v:Long!,$s:String!){ setTaskScope(id:$id, expectedVersion:$v, scopeId:$s){ task{ status } errors{ code message } } }",
                Map.of("id", task.path("id").asText(), "v", task.path("version").asLong(), "s", scopeId));
        assertThat(scoped.path("data").path("setTaskScope").path("task").path("status").asText()).as("%s", scoped).isEqualTo("SCOPED");
        java.time.Instant revealAt = java.time.Instant.now().plusMillis(300);
        es(esUrl, "PUT", "/" + prefix + "draw_commitments/_create/" + task.path("id").asText() + "?refresh=true",
                Map.of("taskId", task.path("id").asText(), "source", "fault tests", "revealAt", io.spotcheck.draw.SeedCommitment.format(revealAt),
                        "committedAt", "2000-01-01T00:00:00.000Z", "committedBy", "fault tests"));
        io.spotcheck.draw.DrawFixture.waitUntil(revealAt);
        return task.path("id").asText();
    }
}
