package io.spotcheck.security;

import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens whose signature was verified, so a phone or a script sending the same bearer
 * token on every request pays for parsing, signature check and claim conversion once: they cost a
 * quarter of a millisecond per request (docs/BENCHMARKS.md). A remembered token is validated again
 * on every use (expiry, not-before, issuer, audience), and forgotten after {@code maxAge} so a
 * rotated key set takes effect within that time. A signature can only be remembered for the exact
 * token string it was verified on.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private record Verified(Jwt jwt, long at) {}

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    private final int capacity;
    private final long maxAgeNanos;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int capacity, java.time.Duration maxAge) {
        this.delegate = delegate;
        this.validator = validator;
        this.capacity = capacity;
        this.maxAgeNanos = maxAge.toNanos();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Verified hit = verified.get(token);
        if (hit != null) {
            if (System.nanoTime() - hit.at() < maxAgeNanos && !validator.validate(hit.jwt()).hasErrors()) {
                return hit.jwt();
            }
            verified.remove(token);
        }
        // Throws for a bad token, which is therefore never remembered.
        Jwt jwt = delegate.decode(token);
        if (verified.size() >= capacity) {
            // Crude but bounded: callers with live tokens are back in the map after one more verification each.
            verified.clear();
        }
        verified.put(token, new Verified(jwt, System.nanoTime()));
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
