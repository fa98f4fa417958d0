package io.spotcheck.search;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Logical index names ("subjects") become aliases under a per-deployment prefix, so test runs and
 * several deployments share one cluster without touching each other's indices.
 *
 * @param prefix prepended to every alias and physical index, e.g. {@code spotcheck-}
 */
@ConfigurationProperties("spotcheck.elasticsearch")
public record IndexNames(String prefix) {

    public IndexNames {
        prefix = prefix == null ? "spotcheck-" : prefix;
    }

    /** The alias every read and write goes through. */
    public String alias(String logicalName) {
        return prefix + logicalName;
    }

    /** The physical index behind the alias for one mapping version. */
    public String physical(String logicalName, int version) {
        return prefix + logicalName + "_v" + version;
    }
}
