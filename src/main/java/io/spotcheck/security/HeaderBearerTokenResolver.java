package io.spotcheck.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Reads the token from {@code Authorization: Bearer <token>} only (never from query strings or
 * form bodies, where tokens end up in access logs), with the same acceptance rules as Spring
 * Security's {@code DefaultBearerTokenResolver} (RFC 6750 b64token, scheme case-insensitive) but
 * checked by hand: the default runs a regular expression on every request, which showed up in the
 * review-queue profile (docs/BENCHMARKS.md).
 */
public final class HeaderBearerTokenResolver implements BearerTokenResolver {

    private static final String SCHEME = "bearer";

    @Override
    public String resolve(HttpServletRequest request) {
        return resolve(request.getHeader("Authorization"));
    }

    /** The token of an {@code Authorization} header value, or null when it is not a bearer header. */
    static String resolve(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int length = authorization.length();
        if (length < SCHEME.length() + 2 || authorization.charAt(SCHEME.length()) != ' ') {
            throw malformed();
        }
        int start = SCHEME.length() + 1;
        int end = start;
        while (end < length && isTokenChar(authorization.charAt(end))) {
            end++;
        }
        if (end == start) {
            throw malformed();
        }
        int padding = end;
        while (padding < length && authorization.charAt(padding) == '=') {
            padding++;
        }
        if (padding != length) {
            throw malformed();
        }
        return authorization.substring(start, length);
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
