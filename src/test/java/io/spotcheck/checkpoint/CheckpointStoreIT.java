package io.spotcheck.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Job progress in the real Redis, under the deployment's key prefix. */
@IntegrationTest
class CheckpointStoreIT {

    @Autowired
    CheckpointStore checkpoints;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void aSavedCheckpointIsLoadedBackAndMergedFieldByField() {
        String job = "checkpoint-it-" + System.nanoTime();
        assertThat(checkpoints.load(job)).isEmpty();

        checkpoints.save(job, Map.of("after", "S-0001", "written", "100"));
        checkpoints.save(job, Map.of("written", "250"));

        assertThat(checkpoints.load(job)).containsExactlyInAnyOrderEntriesOf(Map.of("after", "S-0001", "written", "250"));
        checkpoints.delete(job);
        assertThat(checkpoints.load(job)).isEmpty();
    }

    @Test
    void keysLiveUnderTheDeploymentsPrefixSoTwoDeploymentsOnOneRedisNeverMeet() {
        String job = "checkpoint-it-" + System.nanoTime();
        checkpoints.save(job, Map.of("written", "1"));
        try {
            assertThat(checkpoints.key(job)).startsWith(checkpoints.prefix()).endsWith("checkpoint:" + job);
            assertThat(redis.hasKey(checkpoints.key(job))).isTrue();

            CheckpointStore other = new CheckpointStore(redis, checkpoints.prefix() + "other:");
            assertThat(other.load(job)).isEmpty();
        } finally {
            checkpoints.delete(job);
        }
    }
}
