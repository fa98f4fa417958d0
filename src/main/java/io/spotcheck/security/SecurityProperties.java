package io.spotcheck.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param jwkSetUri production: the identity provider's JWKS; tokens are RS/ES-signed by it
 * @param devSigningKey DEV ONLY: an HMAC key that signs the demo tokens; empty in production
 * @param issuer expected {@code iss}
 * @param audience expected {@code aud}
 * @param cursorSecret signs pagination cursors; the same on every replica
 */
@ConfigurationProperties("spotcheck.security")
public record SecurityProperties(String jwkSetUri, String devSigningKey, String issuer, String audience, String cursorSecret) {

    public SecurityProperties {
        audience = audience == null ? "spotcheck" : audience;
    }
}
