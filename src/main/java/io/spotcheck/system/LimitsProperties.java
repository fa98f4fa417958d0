package io.spotcheck.system;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What one request may cost. Every limit is enforced centrally (servlet filters and graphql-java
 * instrumentation), so an operation added later is covered without doing anything.
 *
 * @param maxDepth deepest selection nesting, counted in fields
 * @param maxComplexity sum of field costs, a list field costing its children times {@code first}/{@code last}
 * @param maxAliases aliased fields in one document
 * @param maxFields field selections in one document (fragments counted where they are spread)
 * @param maxPageSize largest {@code first}/{@code last} a connection accepts unless {@code pageSizeByField} names it
 * @param pageSizeByField larger caps for named fields (by field name, aliases do not matter): lists walked
 *        page by page in bulk, whose rows are small
 * @param defaultPageSize what complexity assumes for a list without {@code first}/{@code last}
 * @param timeout wall-clock budget of one operation
 * @param maxBodyBytes largest request body on {@code /graphql}
 * @param rate requests per principal (caller id, or client IP for the public)
 */
@ConfigurationProperties("spotcheck.limits")
public record LimitsProperties(Integer maxDepth, Integer maxComplexity, Integer maxAliases, Integer maxFields,
                               Integer maxPageSize, Integer defaultPageSize, Duration timeout, Long maxBodyBytes,
                               Rate rate, Map<String, Integer> pageSizeByField) {

    public LimitsProperties {
        maxDepth = maxDepth == null ? 12 : maxDepth;
        maxComplexity = maxComplexity == null ? 5000 : maxComplexity;
        maxAliases = maxAliases == null ? 30 : maxAliases;
        maxFields = maxFields == null ? 500 : maxFields;
        maxPageSize = maxPageSize == null ? 200 : maxPageSize;
        defaultPageSize = defaultPageSize == null ? 20 : defaultPageSize;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        maxBodyBytes = maxBodyBytes == null ? 1024L * 1024 : maxBodyBytes;
        rate = rate == null ? new Rate(null, null, null, null) : rate;
        pageSizeByField = pageSizeByField == null ? Map.of() : Map.copyOf(pageSizeByField);
    }

    /** The largest {@code first}/{@code last} the field named {@code field} accepts. */
    public int maxPageSize(String field) {
        return pageSizeByField.getOrDefault(field, maxPageSize);
    }

    /**
     * @param enabled off switches rate limiting off entirely
     * @param requestsPerMinute sustained rate per principal
     * @param burst bucket capacity (defaults to one minute's worth)
     * @param overrides per-principal rates, e.g. a heavy import script or a test probe
     */
    public record Rate(Boolean enabled, Integer requestsPerMinute, Integer burst, Map<String, Integer> overrides) {

        public Rate {
            enabled = enabled == null || enabled;
            requestsPerMinute = requestsPerMinute == null ? 600 : requestsPerMinute;
            burst = burst == null ? requestsPerMinute : burst;
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }

        public int perMinuteFor(String principal) {
            return overrides.getOrDefault(principal, requestsPerMinute);
        }

        public int burstFor(String principal) {
            Integer override = overrides.get(principal);
            return override != null ? override : burst;
        }
    }
}
