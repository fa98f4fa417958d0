package io.spotcheck.system;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * graphql-ws upgrades on {@code spring.graphql.websocket.path}, to Spring for GraphQL's handler behind
 * {@link GraphQlWsMessageCheck}. Spring Boot maps the bare handler at order -2 and offers no way to
 * wrap it, so this mapping comes first (-3) for the same path; Boot's is then never reached.
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlWebSocketRoute {

    @Bean
    HandlerMapping checkedGraphQlWebSocketMapping(GraphQlWebSocketHandler handler,
            @Value("${spring.graphql.websocket.path:/graphql}") String path) {
        // The handler's own request handler carries its handshake interceptors (the security context
        // and request attributes it hands to interceptors); the checked one takes them over.
        WebSocketHttpRequestHandler plain = handler.initWebSocketHttpRequestHandler(new DefaultHandshakeHandler());
        WebSocketHttpRequestHandler checked = new WebSocketHttpRequestHandler(new GraphQlWsMessageCheck(handler),
                new DefaultHandshakeHandler());
        checked.setHandshakeInterceptors(plain.getHandshakeInterceptors());
        WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
        mapping.setWebSocketUpgradeMatch(true);
        mapping.setUrlMap(Map.of(path, checked));
        mapping.setOrder(-3);
        return mapping;
    }
}
