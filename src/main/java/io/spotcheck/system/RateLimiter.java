package io.spotcheck.system;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
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
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /** Outcome of one request against its principal's bucket. */
    public record Decision(boolean allowed, long retryAfterSeconds) {}

    private final LimitsProperties.Rate rate;
    private final String keyPrefix;
    private final String redisUrl;
    private volatile RedisClient client;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile ProxyManager<String> buckets;

    public RateLimiter(LimitsProperties limits, @Value("${spotcheck.redis.key-prefix:spotcheck:}") String keyPrefix,
                       @Value("${spring.data.redis.url:redis://127.0.0.1:6379}") String redisUrl) {
        this.rate = limits.rate();
        this.keyPrefix = keyPrefix + "rate:";
        this.redisUrl = redisUrl;
    }

    public Decision consume(String principal) {
        if (!rate.enabled()) {
            return new Decision(true, 0);
        }
        try {
            String name = principal.startsWith("id:") ? principal.substring(3) : principal;
            int perMinute = Math.max(1, rate.perMinuteFor(name));
            int burst = Math.max(1, rate.burstFor(name));
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
                    .build();
            ConsumptionProbe probe = buckets().getProxy(keyPrefix + principal, () -> configuration)
                    .tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return new Decision(true, 0);
            }
            return new Decision(false, Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
        } catch (RuntimeException e) {
            log.warn("rate limiter unavailable, letting the request pass: {}", e.toString());
            return new Decision(true, 0);
        }
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
}
