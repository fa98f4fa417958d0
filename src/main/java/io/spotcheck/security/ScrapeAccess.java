package io.spotcheck.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may read {@code /actuator/prometheus}: a scraper presenting the scrape credential
 * ({@code Authorization: Basic} of user {@code prometheus} and {@code SPOTCHECK_METRICS_PASSWORD}),
 * a platform admin, and — only where {@code spotcheck.metrics.loopback-without-credentials} is on,
 * as in the dev profile — anyone on the same machine (a loopback peer address).
 */
@Component
public class ScrapeAccess implements AuthorizationManager<RequestAuthorizationContext> {

    static final String USER = "prometheus";

    private final byte[] expected;
    private final boolean loopbackWithoutCredentials;

    public ScrapeAccess(@Value("${spotcheck.metrics.scrape-password:}") String password,
            @Value("${spotcheck.metrics.loopback-without-credentials:false}") boolean loopbackWithoutCredentials) {
        this.expected = password == null || password.isBlank() ? null
                : ("Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8);
        this.loopbackWithoutCredentials = loopbackWithoutCredentials;
    }

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(allowed(context.getRequest()));
    }

    public boolean allowed(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (expected != null && authorization != null
                && MessageDigest.isEqual(expected, authorization.trim().getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        Caller caller = CallerArgumentResolver.current();
        if (caller.isPlatformAdmin()) {
            return true;
        }
        return loopbackWithoutCredentials && authorization == null && isLoopback(request.getRemoteAddr());
    }

    static boolean isLoopback(String address) {
        // The socket peer's literal address (no forwarded-for headers are trusted here).
        return address != null && (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1"));
    }
}
