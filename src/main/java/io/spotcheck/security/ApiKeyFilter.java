package io.spotcheck.security;

import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.GraphQlExceptionResolver;
import io.spotcheck.system.HttpErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: ApiKey <id>.<secret>} or {@code X-API-Key: <id>.<secret>}
 * as an AUTOMATION caller with the key's department and scopes. Sits before the bearer-token
 * filter, which ignores these headers. A presented key that is malformed, unknown or revoked is a
 * 401, never a silent fall-back to the public.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeyAuthenticator keys;
    private final io.spotcheck.system.RateLimiter limiter;

    public ApiKeyFilter(ApiKeyAuthenticator keys, io.spotcheck.system.RateLimiter limiter) {
        this.keys = keys;
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!knownScheme(request)) {
            if (!io.spotcheck.security.RateLimitFilter.chargeUnauthenticated(limiter, request, response)) {
                return;
            }
            response.setHeader("WWW-Authenticate", "Bearer, ApiKey");
            HttpErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHENTICATED,
                    "send Authorization: Bearer <token> or ApiKey <id>.<secret>, or no Authorization header at all");
            return;
        }
        String token = presentedKey(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller;
        try {
            caller = token.isEmpty() ? Optional.empty() : keys.authenticate(token);
        } catch (RuntimeException e) {
            if (GraphQlExceptionResolver.isBackendDown(e)) {
                HttpErrors.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, ErrorCode.BACKEND_UNAVAILABLE,
                        "API keys cannot be checked right now; try again shortly");
                return;
            }
            throw e;
        }
        if (caller.isEmpty()) {
            if (!io.spotcheck.security.RateLimitFilter.chargeUnauthenticated(limiter, request, response)) {
                return;
            }
            response.setHeader("WWW-Authenticate", "ApiKey error=\"invalid_key\"");
            HttpErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHENTICATED,
                    "the API key is malformed, unknown or revoked");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /**
     * An {@code Authorization} header, when present, must name a scheme this service reads: an empty
     * value, {@code Basic} or anything else is a 401 rather than a silent fall-back to the public,
     * which would hide a misconfigured client.
     */
    static boolean knownScheme(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return true;
        }
        String value = authorization.strip();
        return value.regionMatches(true, 0, "bearer", 0, 6) && (value.length() == 6 || value.charAt(6) == ' ')
                || value.regionMatches(true, 0, "apikey", 0, 6) && (value.length() == 6 || value.charAt(6) == ' ');
    }

    /**
     * The key presented in {@code Authorization: ApiKey} or {@code X-API-Key}; an empty one is
     * presented all the same (and refused), null only when neither header carries the scheme.
     */
    public static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.strip().regionMatches(true, 0, "apikey", 0, 6)) {
            return authorization.strip().substring(6).trim();
        }
        String header = request.getHeader("X-API-Key");
        return header == null ? null : header.trim();
    }
}
