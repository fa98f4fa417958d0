package io.spotcheck.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Spring's {@code NimbusJwtDecoder} with a Caffeine cache of the tokens whose signature it verified:
 * a phone or a script sends the same bearer token on every request, and parsing, verifying and
 * converting it again each time is work that buys nothing. A remembered token is validated again on
 * every use (expiry, not-before, issuer, audience), and forgotten after {@code maxAge} so a rotated key
 * set takes effect within that time. A signature is only remembered for the exact token string it was
 * verified on; a token that fails is never remembered.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int capacity, Duration maxAge) {
        this.delegate = delegate;
        this.validator = validator;
        // Evictions run on the calling thread: no pool task per insertion.
        this.verified = Caffeine.newBuilder().maximumSize(capacity).expireAfterWrite(maxAge).executor(Runnable::run).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt hit = verified.getIfPresent(token);
        if (hit != null) {
            if (!validator.validate(hit).hasErrors()) {
                return hit;
            }
            verified.invalidate(token);
        }
        // Throws for a bad token, which is therefore never remembered.
        Jwt jwt = delegate.decode(token);
        verified.put(token, jwt);
        return jwt;
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
