package io.spotcheck.security;

import java.util.Map;
import java.util.Optional;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Who is calling on a graphql-ws socket. Browsers cannot set headers on a WebSocket upgrade, so
 * GraphiQL and Apollo's {@code GraphQLWsLink} send the token in the {@code connection_init} payload
 * instead: {@code {"Authorization": "Bearer <jwt>"}} (or {@code authorization}, or an
 * {@code ApiKey <id>.<secret>} value). A token there is verified like a header token and the socket's
 * operations run as its caller; a bad one closes the socket with 4401 Unauthorized. Without one, the
 * caller of the upgrade request (its {@code Authorization} header, or the public) stays.
 */
@Component
public class WebSocketAuthentication implements WebSocketGraphQlInterceptor {

    private static final org.springframework.graphql.server.support.BearerTokenAuthenticationExtractor BEARER =
            new org.springframework.graphql.server.support.BearerTokenAuthenticationExtractor();

    static final String CALLER = WebSocketAuthentication.class.getName() + ".caller";
    /** The key of Spring Security's {@code SecurityContextHolderThreadLocalAccessor} (context-propagation). */
    private static final String SECURITY_CONTEXT_KEY = SecurityContext.class.getName();

    private final JwtDecoder decoder;
    private final ApiKeyAuthenticator apiKeys;

    public WebSocketAuthentication(JwtDecoder decoder, ApiKeyAuthenticator apiKeys) {
        this.decoder = decoder;
        this.apiKeys = apiKeys;
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        Object value = payload == null ? null : payload.getOrDefault("Authorization", payload.get("authorization"));
        if (value == null) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> caller(String.valueOf(value)))
                .flatMap(caller -> {
                    if (caller.isEmpty()) {
                        return Mono.error(new IllegalArgumentException("the token in connection_init is not valid"));
                    }
                    session.getAttributes().put(CALLER, caller.get());
                    return Mono.empty();
                });
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request instanceof WebSocketGraphQlRequest socket
                && socket.getSessionInfo().getAttributes().get(CALLER) instanceof Caller caller) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new CallerAuthentication(caller));
            // Spring for GraphQL restores thread locals (the security context among them) from the
            // Reactor context around every data fetcher; this value, written closer to the execution,
            // takes the place of the one captured at the handshake.
            return chain.next(request).contextWrite(Context.of(SECURITY_CONTEXT_KEY, context));
        }
        return chain.next(request);
    }

    /** The caller a header-style value stands for; empty when it is not a valid bearer token or API key. */
    Optional<Caller> caller(String authorization) {
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "ApiKey ", 0, 7)) {
            return apiKeys.authenticate(value.substring(7).trim());
        }
        String token;
        try {
            // Spring for GraphQL's extractor: the same RFC 6750 rules as the HTTP resolver.
            token = BEARER.getAuthentication(java.util.Map.of("Authorization", value))
                    .map(a -> ((org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken) a).getToken())
                    .block();
        } catch (org.springframework.security.oauth2.core.OAuth2AuthenticationException e) {
            return Optional.empty();
        }
        if (token == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JwtCallerConverter.toCaller(decoder.decode(token)));
        } catch (JwtException | org.springframework.security.core.AuthenticationException e) {
            return Optional.empty();
        }
    }
}
