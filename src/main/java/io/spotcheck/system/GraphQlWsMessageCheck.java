package io.spotcheck.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Checks each message a client sends on a graphql-ws socket against the shapes of the
 * graphql-transport-ws protocol before Spring for GraphQL's handler reads it, and closes the socket
 * with 4400 and a reason for one that does not fit, as the protocol asks. The handler itself assumes
 * well-formed messages: malformed JSON, an unknown type or a payload of the wrong type would escape
 * it as an exception, closing the socket with 1011 and an ERROR log.
 */
public class GraphQlWsMessageCheck extends WebSocketHandlerDecorator {

    /** The protocol's close code for a message it cannot accept. */
    public static final int INVALID_MESSAGE = 4400;

    private static final Logger log = LoggerFactory.getLogger(GraphQlWsMessageCheck.class);
    private static final Set<String> ID_FREE = Set.of("connection_init", "ping", "pong");
    private static final Set<String> OBJECT_KEYS = Set.of("variables", "extensions");

    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public GraphQlWsMessageCheck(WebSocketHandler delegate) {
        super(delegate);
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        String problem = message instanceof TextMessage text ? problem(text.getPayload())
                : message instanceof BinaryMessage ? "binary messages are not part of graphql-transport-ws" : null;
        if (problem == null) {
            super.handleMessage(session, message);
            return;
        }
        log.debug("graphql-ws session {} closed: {}", session.getId(), problem);
        session.close(new CloseStatus(INVALID_MESSAGE, "Invalid message: " + problem));
    }

    /** What is wrong with a client's message, or null when it has the shape its type needs. */
    String problem(String text) {
        Object root;
        try {
            root = json.readValue(text, Object.class);
        } catch (IOException e) {
            return "not JSON";
        }
        if (!(root instanceof Map<?, ?> message)) {
            return "not a JSON object";
        }
        if (!(message.get("type") instanceof String type)) {
            return "no type";
        }
        if (!ID_FREE.contains(type) && !"subscribe".equals(type) && !"complete".equals(type)) {
            return "a client may not send type " + (type.length() > 40 ? type.substring(0, 40) + "…" : type);
        }
        Object payload = message.get("payload");
        if (ID_FREE.contains(type)) {
            return payload == null || payload instanceof Map ? null : "payload must be an object";
        }
        if (!(message.get("id") instanceof String id) || id.isEmpty()) {
            return "id must be a non-empty string";
        }
        if ("complete".equals(type)) {
            return null;
        }
        if (!(payload instanceof Map<?, ?> request)) {
            return "subscribe needs an object payload";
        }
        if (!(request.get("query") instanceof String query) || query.isBlank()) {
            return "payload.query must be a string";
        }
        Object operationName = request.get("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            return "payload.operationName must be a string or null";
        }
        for (String key : OBJECT_KEYS) {
            Object value = request.get(key);
            if (value != null && !(value instanceof Map)) {
                return "payload." + key + " must be an object or null";
            }
        }
        return null;
    }
}
