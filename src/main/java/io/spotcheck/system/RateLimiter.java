package io.spotcheck.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Token buckets per principal in Redis (bucket4j's Lettuce integration, compare-and-swap), so
 * every replica draws from the same bucket. When Redis is unreachable requests pass: losing the
 * limiter must not take the service down with it.
 *
 * <p>A compare-and-swap on every request costs two Redis round trips, and concurrent requests of
 * one principal retry each other's swaps. Each replica therefore keeps one bucket proxy per
 * principal with bucket4j's delaying optimisation: it consumes from its local copy of the bucket
 * and writes the consumption back to Redis after a tenth of the burst or after
 * {@link #SYNC_INTERVAL}; buckets under {@link #EXACT_BELOW} tokens stay exact (a swap per request). Across N replicas a
 * principal can overshoot by at most N × that tenth before the next sync.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /**
     * Outcome of one request against its principal's bucket, with the bucket's state after it for
     * the {@code RateLimit-*} headers and {@code extensions.rateLimit}.
     *
     * @param limit the bucket's capacity (requests in one burst)
     * @param remaining requests left in the bucket
     * @param resetSeconds seconds until the bucket is full again
     * @param retryAfterSeconds seconds until the next request is allowed (0 when this one was)
     */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

        /** When the limiter is off or unreachable: nothing to report. */
        static final Decision UNLIMITED = new Decision(true, -1, -1, 0, 0);

        public boolean known() {
            return limit >= 0;
        }
    }

    private final LimitsProperties.Rate rate;
    private final String keyPrefix;
    private final String redisUrl;
    private volatile RedisClient client;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile ProxyManager<String> buckets;
    /** The optimisation's local state lives in the proxy, so a principal's proxy is reused while it is active. */
    private final Cache<String, BucketProxy> proxies = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(2)).build();

    static final Duration SYNC_INTERVAL = Duration.ofMillis(250);
    /** Buckets smaller than this are kept exact: one compare-and-swap per request. */
    static final int EXACT_BELOW = 20;

    public RateLimiter(LimitsProperties limits, @Value("${spotcheck.redis.key-prefix:spotcheck:}") String keyPrefix,
                       @Value("${spring.data.redis.url:redis://127.0.0.1:6379}") String redisUrl) {
        this.rate = limits.rate();
        this.keyPrefix = keyPrefix + "rate:";
        this.redisUrl = redisUrl;
    }

    public Decision consume(String principal) {
        if (!rate.enabled()) {
            return Decision.UNLIMITED;
        }
        try {
            ConsumptionProbe probe = proxies.get(principal, this::proxyFor).tryConsumeAndReturnRemaining(1);
            long limit = Math.max(1, rate.burstFor(name(principal)));
            long reset = seconds(probe.getNanosToWaitForReset());
            if (probe.isConsumed()) {
                return new Decision(true, limit, probe.getRemainingTokens(), reset, 0);
            }
            return new Decision(false, limit, 0, reset, Math.max(1, seconds(probe.getNanosToWaitForRefill())));
        } catch (RuntimeException e) {
            log.warn("rate limiter unavailable, letting the request pass: {}", e.toString());
            return Decision.UNLIMITED;
        }
    }

    private static long seconds(long nanos) {
        return (Math.max(0, nanos) + 999_999_999L) / 1_000_000_000L;
    }

    private static String name(String principal) {
        return principal.startsWith("id:") ? principal.substring(3) : principal;
    }

    private BucketProxy proxyFor(String principal) {
        String name = name(principal);
        int perMinute = Math.max(1, rate.perMinuteFor(name));
        int burst = Math.max(1, rate.burstFor(name));
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
        if (burst < EXACT_BELOW) {
            return buckets().builder().build(keyPrefix + principal, () -> configuration);
        }
        return buckets().builder()
                .withOptimization(Optimizations.delaying(new DelayParameters(burst / 10, SYNC_INTERVAL)))
                .build(keyPrefix + principal, () -> configuration);
    }

    private ProxyManager<String> buckets() {
        ProxyManager<String> current = buckets;
        if (current == null) {
            synchronized (this) {
                if (buckets == null) {
                    client = RedisClient.create(redisUrl);
                    client.setDefaultTimeout(Duration.ofSeconds(2));
                    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                    buckets = Bucket4jLettuce.casBasedBuilder(connection)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                            .build();
                }
                current = buckets;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    /** Request attribute holding this request's {@link Decision} (set by the security chain's rate-limit filter). */
    public static final String DECISION = RateLimiter.class.getName() + ".decision";

    /**
     * {@code {limit, remaining, resetSeconds, resetAt}} of this request's decision, or null when the
     * limiter is off or unreachable (requests then pass unlimited).
     */
    public static Map<String, Object> extension(HttpServletRequest request) {
        return request.getAttribute(DECISION) instanceof RateLimiter.Decision decision && decision.known()
                ? extension(decision) : null;
    }

    public static Map<String, Object> extension(RateLimiter.Decision decision) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("limit", decision.limit());
        state.put("remaining", decision.remaining());
        state.put("resetSeconds", decision.resetSeconds());
        state.put("resetAt", java.time.Instant.now().plusSeconds(decision.resetSeconds())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return state;
    }
}
