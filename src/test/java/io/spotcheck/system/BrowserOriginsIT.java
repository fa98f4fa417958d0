package io.spotcheck.system;

import static io.spotcheck.support.RawHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A browser page on an origin CORS does not allow (the test profile allows the dev ports only) is refused in the one error body. */
@IntegrationTest
class BrowserOriginsIT {

    static final String EVIL = "http://evil.example";

    @LocalServerPort
    int port;

    private static void refused(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        JsonNode extensions = json(response).path("errors").path(0).path("extensions");
        assertThat(extensions.path("code").asText()).isEqualTo("ORIGIN_NOT_ALLOWED");
        assertThat(extensions.path("classification").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void anActualRequestFromAForeignOriginIs403WithACode() throws Exception {
        refused(new RawHttp(port).send("POST", "/graphql", Map.of("Origin", EVIL, "Content-Type", "application/json"),
                "{\"query\":\"{ __typename }\"}"));
        refused(new RawHttp(port).send("GET", "/graphql/schema", Map.of("Origin", EVIL), null));
    }

    @Test
    void aPreflightFromAForeignOriginIs403WithACode() throws Exception {
        refused(new RawHttp(port).send("OPTIONS", "/graphql", Map.of("Origin", EVIL,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"), null));
    }

    @Test
    void aWebSocketUpgradeFromAForeignOriginIs403() {
        Throwable failure = catchThrowable(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", EVIL).subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://localhost:" + port + "/graphql"), new WebSocket.Listener() {})
                .get(10, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).isEqualTo(403);
    }

    @Test
    void anAllowedOriginStillUpgrades() throws Exception {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", "http://localhost:5173").subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://localhost:" + port + "/graphql"), new WebSocket.Listener() {})
                .get(10, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("graphql-transport-ws");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
}
