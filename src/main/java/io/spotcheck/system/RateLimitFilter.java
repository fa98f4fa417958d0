package io.spotcheck.system;

import io.spotcheck.security.Caller;
import io.spotcheck.security.CallerArgumentResolver;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limit per principal on the GraphQL endpoint: the caller's id once authenticated, the
 * client address for the public. Runs inside the security chain, after authentication; refusal
 * is HTTP 429 with Retry-After and code RATE_LIMITED carrying {@code retryAfterSeconds}.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final String path;

    public RateLimitFilter(RateLimiter limiter, String path) {
        this.limiter = limiter;
        this.path = path;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = CallerArgumentResolver.current();
        String principal = caller.isAnonymous() ? "ip:" + request.getRemoteAddr() : "id:" + caller.id();
        RateLimiter.Decision decision = limiter.consume(principal);
        if (!decision.allowed()) {
            response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            HttpErrors.write(response, 429, ErrorCode.RATE_LIMITED,
                    "too many requests; retry after " + decision.retryAfterSeconds() + " s",
                    Map.of("retryAfterSeconds", decision.retryAfterSeconds()));
            return;
        }
        chain.doFilter(request, response);
    }
}
