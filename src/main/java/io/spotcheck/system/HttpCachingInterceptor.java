package io.spotcheck.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * What an HTTP answer carries beside the GraphQL result: the caller's rate-limit state in
 * {@code extensions.rateLimit} (see {@link RateLimiter}), and caching headers. A public GET query's
 * answer may be cached briefly by browsers and proxies (the public sees the same answer whoever
 * asks); nothing a signed-in caller receives, and no answer with errors, is stored anywhere. The
 * {@code Vary} header is {@link RequestSizeFilter}'s, which sets it on every answer of the endpoint.
 */
public class HttpCachingInterceptor implements WebGraphQlInterceptor {

    /** The request headers every {@code /graphql} answer varies by, refusals included (set by {@link RequestSizeFilter}). */
    static final List<String> VARY = List.of(HttpHeaders.ACCEPT, HttpHeaders.AUTHORIZATION, "X-API-Key");

    private final String publicCacheControl;
    private final PublicCaller caller;

    public HttpCachingInterceptor(Duration publicMaxAge, PublicCaller caller) {
        this.caller = caller;
        this.publicCacheControl = "public, max-age=" + publicMaxAge.toSeconds();
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request instanceof WebSocketGraphQlRequest) {
            return chain.next(request);
        }
        // Read on the request thread, where the security context is.
        boolean publicGet = Boolean.TRUE.equals(request.getAttributes().get(GraphQlOverHttpHandler.GET_QUERY))
                && caller.isPublic();
        Object decision = request.getAttributes().get(RateLimiter.DECISION);
        return chain.next(request).map(response -> {
            HttpHeaders headers = response.getResponseHeaders();
            headers.setCacheControl(publicGet && response.getErrors().isEmpty() ? publicCacheControl : "no-store");
            Map<String, Object> state = decision instanceof RateLimiter.Decision d && d.known() ? RateLimiter.extension(d) : null;
            if (state == null) {
                return response;
            }
            Map<Object, Object> extensions = new LinkedHashMap<>(response.getExecutionResult().getExtensions() == null
                    ? Map.of() : response.getExecutionResult().getExtensions());
            extensions.put("rateLimit", state);
            return response.transform(builder -> builder.extensions(extensions));
        });
    }
}
