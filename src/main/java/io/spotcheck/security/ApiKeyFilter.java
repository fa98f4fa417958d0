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

    private static final String SCHEME = "apikey ";

    private final ApiKeyService keys;

    public ApiKeyFilter(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = presentedKey(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller;
        try {
            caller = keys.authenticate(token);
        } catch (RuntimeException e) {
            if (GraphQlExceptionResolver.isBackendDown(e)) {
                HttpErrors.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, ErrorCode.BACKEND_UNAVAILABLE,
                        "API keys cannot be checked right now; try again shortly");
                return;
            }
            throw e;
        }
        if (caller.isEmpty()) {
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

    static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.length() > SCHEME.length()
                && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return authorization.substring(SCHEME.length()).trim();
        }
        String header = request.getHeader("X-API-Key");
        return header == null || header.isBlank() ? null : header.trim();
    }
}
