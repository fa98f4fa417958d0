package io.spotcheck.draw;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;

/**
 * Lets one draw of a task be computed at a time, and only a few draws at all. A subject draw reads
 * the whole frozen snapshot three times and holds its exclusions and selection in memory (tens of
 * megabytes for a 300,000-member scope), so 50 identical requests computed side by side exhaust the
 * heap long before the one record they may write is written. The first request of a task takes a
 * lease (in this instance, and in Redis for every instance); the others are told at once that a
 * draw is in progress. The record's create-once id stays the guarantee of a single draw: when Redis
 * is unreachable the lease is local only and the record still refuses a second write.
 */
@Component
public class DrawGuard {

    private static final Logger log = LoggerFactory.getLogger(DrawGuard.class);
    private static final DefaultRedisScript<Long> RELEASE = new DefaultRedisScript<>(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", Long.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final Duration leaseTime;
    private final Semaphore computing;
    private final Duration waitForSlot;
    private final Set<String> local = ConcurrentHashMap.newKeySet();

    public DrawGuard(StringRedisTemplate redis, @Value("${spotcheck.redis.key-prefix:spotcheck:}") String prefix,
                     @Value("${spotcheck.draw.lease:2m}") Duration leaseTime,
                     @Value("${spotcheck.draw.max-concurrent:2}") int maxConcurrent,
                     @Value("${spotcheck.draw.wait-for-slot:20s}") Duration waitForSlot) {
        this.redis = redis;
        this.prefix = prefix;
        this.leaseTime = leaseTime;
        this.computing = new Semaphore(Math.max(1, maxConcurrent), true);
        this.waitForSlot = waitForSlot;
    }

    /** A held lease; closing it lets the next draw of the task (or any task) run. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** The outcome of asking for a lease. */
    public enum Refusal { IN_PROGRESS, BUSY }

    public record Attempt(Lease lease, Refusal refusal) {}

    public Attempt tryAcquire(String taskId) {
        if (!local.add(taskId)) {
            return new Attempt(null, Refusal.IN_PROGRESS);
        }
        String key = prefix + "draw-lease:" + taskId;
        String token = UUID.randomUUID().toString();
        boolean inRedis = false;
        try {
            Boolean taken = redis.opsForValue().setIfAbsent(key, token, leaseTime);
            if (Boolean.FALSE.equals(taken)) {
                local.remove(taskId);
                return new Attempt(null, Refusal.IN_PROGRESS);
            }
            inRedis = Boolean.TRUE.equals(taken);
        } catch (RuntimeException e) {
            log.warn("draw lease for {} kept in this instance only: {}", taskId, e.toString());
        }
        boolean slot;
        try {
            slot = computing.tryAcquire(waitForSlot.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = false;
        }
        boolean heldInRedis = inRedis;
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        Lease lease = () -> {
            if (open.getAndSet(false)) {
                release(taskId, key, token, heldInRedis, true);
            }
        };
        if (!slot) {
            release(taskId, key, token, heldInRedis, false);
            return new Attempt(null, Refusal.BUSY);
        }
        return new Attempt(lease, null);
    }

    private void release(String taskId, String key, String token, boolean inRedis, boolean slot) {
        if (slot) {
            computing.release();
        }
        local.remove(taskId);
        if (inRedis) {
            try {
                redis.execute(RELEASE, List.of(key), token);
            } catch (RuntimeException e) {
                log.warn("draw lease for {} not released (it expires by itself): {}", taskId, e.toString());
            }
        }
    }
}
