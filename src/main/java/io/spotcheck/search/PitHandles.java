package io.spotcheck.search;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Short handles for point-in-time ids, so a cursor carries four bytes instead of the id (a few
 * hundred characters on a sharded index). The id lives in Redis under the handle, as long as the
 * point in time itself, so any replica can read on. Losing it is harmless: a walk whose handle is
 * gone carries on without the point in time, as it does when the point in time has expired.
 */
@Component
public class PitHandles {

    private static final Logger log = LoggerFactory.getLogger(PitHandles.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StringRedisTemplate redis;
    private final String prefix;
    /** A walk usually keeps its point-in-time id from page to page: it keeps its handle too, without a Redis write per page. */
    private final com.github.benmanes.caffeine.cache.Cache<String, Integer> recent = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();

    public PitHandles(StringRedisTemplate redis, @Value("${spotcheck.redis.key-prefix:spotcheck:}") String prefix) {
        this.redis = redis;
        this.prefix = prefix + "pit:";
    }

    /** Keeps no handles: every walk reads on without a point in time (unit tests without Redis). */
    public static PitHandles none() {
        return new PitHandles(null, "");
    }

    /** A handle for {@code pit}, kept for {@code keepAlive}; null when none could be kept. */
    public Integer handle(String pit, Duration keepAlive) {
        if (redis == null || pit == null) {
            return null;
        }
        Integer known = recent.getIfPresent(pit);
        if (known != null) {
            return known;
        }
        try {
            for (int attempt = 0; attempt < 4; attempt++) {
                int handle = RANDOM.nextInt();
                Boolean set = redis.opsForValue().setIfAbsent(prefix + Integer.toHexString(handle), pit, keepAlive.toSeconds(), TimeUnit.SECONDS);
                if (Boolean.TRUE.equals(set)) {
                    recent.put(pit, handle);
                    return handle;
                }
            }
        } catch (RuntimeException e) {
            log.debug("point-in-time handle not kept ({}); cursors carry on without it", e.toString());
        }
        return null;
    }

    /** The point-in-time id behind {@code handle}, its life extended; null when gone. */
    public String pit(Integer handle, Duration keepAlive) {
        if (redis == null || handle == null) {
            return null;
        }
        try {
            String key = prefix + Integer.toHexString(handle);
            String pit = redis.opsForValue().getAndExpire(key, keepAlive.toSeconds(), TimeUnit.SECONDS);
            return pit;
        } catch (RuntimeException e) {
            log.debug("point-in-time handle not read ({}); reading on without it", e.toString());
            return null;
        }
    }
}
