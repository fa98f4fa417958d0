package io.spotcheck.checkpoint;

import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Progress of long jobs, kept in Redis so any app instance can resume a job another one started.
 * A checkpoint is only ever a hint to skip work already done: jobs write with deterministic ids,
 * so losing a checkpoint costs time, never correctness.
 */
@Component
public class CheckpointStore {

    private final StringRedisTemplate redis;
    private final String prefix;

    public CheckpointStore(StringRedisTemplate redis, @Value("${spotcheck.redis.key-prefix:spotcheck:}") String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    public Map<String, String> load(String job) {
        Map<Object, Object> raw = redis.opsForHash().entries(key(job));
        Map<String, String> result = new HashMap<>();
        raw.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        return result;
    }

    public void save(String job, Map<String, String> fields) {
        redis.opsForHash().putAll(key(job), fields);
    }

    public void delete(String job) {
        redis.delete(key(job));
    }

    /** Key under this deployment's prefix, for features that keep other small state in Redis. */
    public String key(String name) {
        return prefix + "checkpoint:" + name;
    }

    public String prefix() {
        return prefix;
    }
}
