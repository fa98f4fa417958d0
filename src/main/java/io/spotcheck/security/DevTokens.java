package io.spotcheck.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * DEV ONLY. Mints HS256 tokens with the demo signing key, for the README, GraphiQL and tests. A
 * production deployment verifies tokens against its identity provider's JWKS and has no such key.
 */
public final class DevTokens {

    public static final String ISSUER = "spotcheck-dev";
    public static final String AUDIENCE = "spotcheck";

    private DevTokens() {}

    public record Spec(String subject, String name, String department, String agency, List<Role> roles, String scope,
                       Instant expires, String audience) {

        public Spec(String subject, String name, String department, String agency, List<Role> roles) {
            this(subject, name, department, agency, roles, null, Instant.parse("2030-12-31T00:00:00Z"), AUDIENCE);
        }
    }

    public static String mint(String signingKey, Spec spec) {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .subject(spec.subject())
                    .issuer(ISSUER)
                    .audience(spec.audience())
                    .issueTime(Date.from(Instant.parse("2026-01-01T00:00:00Z")))
                    .expirationTime(Date.from(spec.expires()))
                    .claim("name", spec.name())
                    .claim("roles", spec.roles().stream().map(Enum::name).toList());
            if (spec.department() != null) {
                claims.claim("dept", spec.department());
            }
            if (spec.agency() != null) {
                claims.claim("agency", spec.agency());
            }
            if (spec.scope() != null) {
                claims.claim("scope", spec.scope());
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(signingKey.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
