package io.spotcheck.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.HttpErrors;
import io.spotcheck.system.RateLimiter;

/**
 * Rate limit per principal on every request, whatever its path: the caller's id once
 * authenticated, the client address for the public. Matching no path means no spelling of a path
 * (encoded, other case, path parameters, another route to the same handler) can dodge it. Runs
 * inside the security chain, after authentication. Every answer carries the bucket's state in the
 * IETF draft headers {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset};
 * GraphQL answers also in {@code extensions.rateLimit} (see {@link RateLimiter#extension}). Refusal is HTTP 429
 * with Retry-After and code RATE_LIMITED carrying {@code retryAfterSeconds}.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = CallerArgumentResolver.current();
        String principal = caller.isAnonymous() ? "ip:" + request.getRemoteAddr() : "id:" + caller.id();
        if (apply(limiter.consume(principal), request, response)) {
            chain.doFilter(request, response);
        }
    }

    /**
     * A request refused before its caller is known (a bad token or key, an unknown Authorization
     * scheme) costs its client address a token like the public's requests, so forged credentials
     * cannot be tried without limit. False when the address is over its limit: a 429 has been written
     * instead of the refusal.
     */
    public static boolean chargeUnauthenticated(RateLimiter limiter, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (request.getAttribute(RateLimiter.DECISION) != null) {
            return true; // charged already (e.g. the public refused further down the chain)
        }
        return apply(limiter.consume("ip:" + request.getRemoteAddr()), request, response);
    }

    /** Records the decision and its headers; writes the 429 and answers false when the request may not go on. */
    private static boolean apply(RateLimiter.Decision decision, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        request.setAttribute(RateLimiter.DECISION, decision);
        if (decision.known()) {
            response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
            response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
            response.setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        }
        if (!decision.allowed()) {
            response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("retryAfterSeconds", decision.retryAfterSeconds());
            extra.put("rateLimit", RateLimiter.extension(decision));
            HttpErrors.write(response, 429, ErrorCode.RATE_LIMITED,
                    "too many requests; retry after " + decision.retryAfterSeconds() + " s", extra);
            return false;
        }
        return true;
    }
}
