package io.spotcheck.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Plain HTTP against the running test server, for what the GraphQL testers hide (status, headers, raw bodies). */
public final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    public HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) throws Exception {
        return sendBytes(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #send(String, String, Map, String)} with the body's bytes as they are (e.g. not well-formed UTF-8). */
    public HttpResponse<String> sendBytes(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        return send("POST", "/graphql", headers, body);
    }

    public HttpResponse<String> postJson(String body) throws Exception {
        return post(body, Map.of("Content-Type", "application/json"));
    }

    public HttpResponse<String> get(String query, Map<String, String> headers) throws Exception {
        return send("GET", "/graphql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8), headers, null);
    }

    public static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    public static String code(HttpResponse<String> response) throws Exception {
        return json(response).path("errors").path(0).path("extensions").path("code").asText(null);
    }

    public static String body(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }
}
