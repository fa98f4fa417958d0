package io.spotcheck.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.support.RawHttp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything an anonymous caller can read about a task, as text: every root query of the schema
 * (found by introspection, so fields added later are read too) called with every argument the
 * task makes meaningful, every field selected down to a few levels, errors included; the NDJSON
 * export; and every URL or server path a response names, fetched in turn.
 */
final class PublicSurface {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 4;
    private static final int MAX_FIELDS = 420;
    private static final Pattern RECORD_ID = Pattern.compile("\"((?:D|ID|IDA|SUB|SCOPE|S|R)-[^\"\\\\]{1,200})\"");
    private static final Pattern PATH = Pattern.compile("\"((?:https?://[^\"/]+)?/(?:[A-Za-z0-9._~%-]+/)*[A-Za-z0-9._~%-]+(?:\\?[^\"\\s]*)?)\"");

    /** What was read, by where it was read from. */
    final Map<String, String> responses = new LinkedHashMap<>();
    private final RawHttp http;
    private final JsonNode types;

    PublicSurface(int port) throws Exception {
        this.http = new RawHttp(port);
        HttpResponse<String> r = http.postJson(RawHttp.body(Map.of("query",
                "{ __schema { queryType { name } types { name kind fields(includeDeprecated: true) { name args { name type { ...T } } type { ...T } } } } }"
                        + " fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }")));
        JsonNode schema = JSON.readTree(r.body()).path("data").path("__schema");
        if (schema.isMissingNode() || schema.isNull()) {
            throw new IllegalStateException("introspection failed: " + r.body());
        }
        this.types = schema.path("types");
    }

    /** Reads everything public about the task: queries with each id seen so far, twice, then the paths they name. */
    PublicSurface collect(String taskId, String scopeId, List<String> departments) throws Exception {
        Set<String> ids = new LinkedHashSet<>(List.of("D-" + taskId, taskId, scopeId));
        for (int round = 0; round < 2; round++) {
            for (JsonNode field : type("Query").path("fields")) {
                queryAll(field, taskId, ids, departments);
            }
            ids.addAll(matches(RECORD_ID, String.join("\n", responses.values())));
        }
        get("/export/published-results.ndjson?taskId=" + URLEncoder.encode(taskId, StandardCharsets.UTF_8));
        get("/export/published-results.ndjson");
        for (String path : new ArrayList<>(matches(PATH, String.join("\n", responses.values())))) {
            String local = path.replaceFirst("^https?://[^/]+", "");
            if (!local.startsWith("/graphql")) {
                get(local);
            }
        }
        return this;
    }

    String text() {
        return String.join("\n", responses.values());
    }

    private void get(String path) throws Exception {
        if (responses.containsKey("GET " + path)) {
            return;
        }
        HttpResponse<String> r = http.send("GET", path, Map.of(), null);
        responses.put("GET " + path, r.statusCode() + " " + r.body());
    }

    private void queryAll(JsonNode field, String taskId, Set<String> ids, List<String> departments) throws Exception {
        String name = field.path("name").asText();
        List<Map<String, Object>> argSets = new ArrayList<>();
        argSets.add(new LinkedHashMap<>());
        for (JsonNode arg : field.path("args")) {
            String argName = arg.path("name").asText();
            boolean required = "NON_NULL".equals(arg.path("type").path("kind").asText());
            List<Object> values = switch (argName) {
                case "taskId" -> List.of(taskId);
                case "id", "drawId" -> new ArrayList<>(ids);
                case "department" -> new ArrayList<>(departments);
                case "first" -> List.of(50);
                case "filter" -> "publishedResults".equals(name) ? List.of(Map.of("taskId", taskId)) : List.of();
                default -> List.of();
            };
            if (values.isEmpty()) {
                if (required) {
                    return;
                }
                continue;
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> set : argSets) {
                for (Object v : values) {
                    Map<String, Object> m = new LinkedHashMap<>(set);
                    m.put(argName, v);
                    next.add(m);
                }
                if (!required && !"first".equals(argName)) {
                    next.add(set);
                }
            }
            argSets = next;
        }
        String selection = selection(field.path("type"), 1, new int[] {0});
        for (Map<String, Object> args : argSets) {
            StringBuilder q = new StringBuilder("query { ").append(name);
            if (!args.isEmpty()) {
                q.append('(');
                List<String> parts = new ArrayList<>();
                args.forEach((k, v) -> parts.add(k + ": " + literal(v)));
                q.append(String.join(", ", parts)).append(')');
            }
            q.append(selection).append(" }");
            String key = "POST " + q;
            if (responses.containsKey(key)) {
                continue;
            }
            HttpResponse<String> r = http.postJson(RawHttp.body(Map.of("query", q.toString())));
            responses.put(key, r.statusCode() + " " + r.body());
        }
    }

    private String selection(JsonNode typeRef, int depth, int[] count) {
        JsonNode t = typeRef;
        while (t.path("ofType").isObject() && ("NON_NULL".equals(t.path("kind").asText()) || "LIST".equals(t.path("kind").asText()))) {
            t = t.path("ofType");
        }
        String kind = t.path("kind").asText();
        if (!"OBJECT".equals(kind)) {
            return "";
        }
        if (depth > MAX_DEPTH) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode f : type(t.path("name").asText()).path("fields")) {
            boolean requiredArg = false;
            for (JsonNode a : f.path("args")) {
                requiredArg |= "NON_NULL".equals(a.path("type").path("kind").asText());
            }
            if (requiredArg || count[0] >= MAX_FIELDS) {
                continue;
            }
            String sub = selection(f.path("type"), depth + 1, count);
            if (sub == null) {
                continue;
            }
            count[0]++;
            parts.add(f.path("name").asText() + sub);
        }
        return parts.isEmpty() ? null : " { " + String.join(" ", parts) + " }";
    }

    private JsonNode type(String name) {
        for (JsonNode t : types) {
            if (name.equals(t.path("name").asText())) {
                return t;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static String literal(Object v) {
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + ": " + literal(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        try {
            return JSON.writeValueAsString(String.valueOf(v));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> matches(Pattern p, String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
