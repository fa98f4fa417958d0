package io.spotcheck.security;

import java.util.Optional;

/**
 * Turns a presented API key into its caller: the security chain asks it for {@code X-API-Key} and
 * {@code ApiKey} credentials, the {@code apikey} feature (which stores and issues keys) answers.
 */
@FunctionalInterface
public interface ApiKeyAuthenticator {

    /** The key's caller, or empty when the key is unknown, revoked or malformed. */
    Optional<Caller> authenticate(String token);
}
