package io.spotcheck.system;

/**
 * Whether the request being served is the public's (no credentials), as the HTTP plumbing needs to
 * know it for caching; the security package, which turns credentials into callers, answers it.
 */
@FunctionalInterface
public interface PublicCaller {

    /** True when the current request carries no credentials. */
    boolean isPublic();
}
