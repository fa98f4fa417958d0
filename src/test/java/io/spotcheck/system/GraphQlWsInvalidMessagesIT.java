package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.spotcheck.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * graphql-transport-ws with a plain WebSocket client: a message the protocol does not allow closes the
 * socket with 4400 and a reason, never 1011, and nothing is logged as an error.
 */
@IntegrationTest
class GraphQlWsInvalidMessagesIT {

    @LocalServerPort
    int port;

    private final ListAppender<ILoggingEvent> errors = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void watchErrors() {
        errors.start();
        root.addAppender(errors);
    }

    @AfterEach
    void stopWatching() {
        root.detachAppender(errors);
    }

    /** One socket, what it received first and how it was closed. */
    final class Socket implements WebSocket.Listener {
        final CompletableFuture<String> firstText = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        WebSocket ws;

        Socket open() throws Exception {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                    .buildAsync(URI.create("ws://localhost:" + port + "/graphql"), this).get(10, TimeUnit.SECONDS);
            return this;
        }

        Socket acknowledged() throws Exception {
            ws.sendText("{\"type\":\"connection_init\"}", true).get(10, TimeUnit.SECONDS);
            assertThat(firstText.get(10, TimeUnit.SECONDS)).contains("connection_ack");
            return this;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            firstText.complete(data.toString());
            texts.add(data.toString());
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        String closeAfter(String text) throws Exception {
            ws.sendText(text, true).get(10, TimeUnit.SECONDS);
            return closed.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void malformedOrUnknownMessagesAfterTheAckClose4400() throws Exception {
        for (String message : List.of("{bad", "[1]", "{\"type\":\"wat\"}", "{\"id\":\"x\",\"type\":\"subscribe\"}",
                "{\"id\":\"x\",\"type\":\"subscribe\",\"payload\":{\"query\":5}}",
                "{\"id\":\"x\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\",\"variables\":[1]}}",
                "{\"id\":7,\"type\":\"complete\"}", "{\"type\":\"next\",\"id\":\"x\",\"payload\":{}}")) {
            assertThat(new Socket().open().acknowledged().closeAfter(message)).as(message).startsWith("4400 Invalid message");
        }
        assertThat(errors.list).noneMatch(e -> e.getLevel() == Level.ERROR);
    }

    @Test
    void aConnectionInitWhosePayloadIsNotAnObjectCloses4400() throws Exception {
        assertThat(new Socket().open().closeAfter("{\"type\":\"connection_init\",\"payload\":\"Bearer x\"}"))
                .startsWith("4400 Invalid message");
        assertThat(errors.list).noneMatch(e -> e.getLevel() == Level.ERROR);
    }

    @Test
    void aBinaryFrameCloses4400() throws Exception {
        Socket socket = new Socket().open().acknowledged();
        socket.ws.sendBinary(ByteBuffer.wrap("{\"type\":\"ping\"}".getBytes()), true).get(10, TimeUnit.SECONDS);
        assertThat(socket.closed.get(10, TimeUnit.SECONDS)).startsWith("4400 Invalid message");
        assertThat(errors.list).noneMatch(e -> e.getLevel() == Level.ERROR);
    }

    @Test
    void wellFormedMessagesStillRun() throws Exception {
        Socket socket = new Socket().open().acknowledged();
        socket.ws.sendText("{\"type\":\"ping\",\"payload\":{}}", true).get(10, TimeUnit.SECONDS);
        socket.ws.sendText("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\",\"variables\":null}}",
                true).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (socket.texts.stream().noneMatch(t -> t.contains("\"complete\"")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(socket.texts).anyMatch(t -> t.contains("\"pong\""))
                .anyMatch(t -> t.contains("\"next\"") && t.contains("Query"))
                .anyMatch(t -> t.contains("\"complete\""));
        assertThat(socket.closed).isNotDone();
        socket.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
}
