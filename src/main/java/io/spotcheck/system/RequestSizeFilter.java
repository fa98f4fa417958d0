package io.spotcheck.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an oversized declared body on the GraphQL endpoint before anything reads it (413,
 * REQUEST_TOO_LARGE), and a Content-Type no handler could even look at (415). Chunked bodies without
 * a length are capped where they are read, in {@link GraphQlRequestConverter}. Being the endpoint's first
 * filter, it also sets the {@code Vary} header every answer there carries.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestSizeFilter extends OncePerRequestFilter {

    private static final String VARY = String.join(", ", HttpCachingInterceptor.VARY);

    private final LimitsProperties limits;
    private final String path;

    public RequestSizeFilter(LimitsProperties limits,
                             @org.springframework.beans.factory.annotation.Value("${spring.graphql.http.path:/graphql}") String path) {
        this.limits = limits;
        this.path = path;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !path.equals(RequestPaths.path(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Set first, so that every answer on the endpoint carries it: results, refusals here, and those of
        // the security chain (401, 429) and of the handler.
        response.setHeader(HttpHeaders.VARY, VARY);
        // Refused here, before the security chain: no rate-limit state is known (nor spent) yet.
        if (request.getContentLengthLong() > limits.maxBodyBytes()) {
            // Tell the container not to read what we will not use before it closes.
            response.setHeader("Connection", "close");
            HttpErrors.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE,
                    "the request body is larger than " + limits.maxBodyBytes() + " bytes");
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.contains("*")) {
            // A wildcard Content-Type makes Spring's request wrappers throw before any handler runs.
            HttpErrors.write(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the request as Content-Type: application/json");
            return;
        }
        chain.doFilter(request, response);
    }
}
