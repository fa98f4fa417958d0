package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ValueOperations;
import org.springframework.data.redis.core.script.RedisScript;

class DrawGuardTest {

    @SuppressWarnings("unchecked")
    final ValueOperations<String, String> values = mock(ValueOperations.class);
    final StringRedisTemplate redis = mock(StringRedisTemplate.class);

    DrawGuard guard(int maxConcurrent) {
        when(redis.opsForValue()).thenReturn(values);
        return new DrawGuard(redis, "p:", Duration.ofMinutes(10), maxConcurrent, Duration.ofMillis(50));
    }

    @Test
    void aSecondDrawOfTheSameTaskInThisInstanceIsRefusedUntilTheFirstEnds() {
        when(values.setIfAbsent(eq("p:draw-lease:T-1"), anyString(), any(Duration.class))).thenReturn(true);
        DrawGuard guard = guard(2);
        DrawGuard.Attempt first = guard.tryAcquire("T-1");
        assertThat(first.lease()).isNotNull();
        assertThat(guard.tryAcquire("T-1").refusal()).isEqualTo(DrawGuard.Refusal.IN_PROGRESS);
        first.lease().close();
        DrawGuard.Attempt again = guard.tryAcquire("T-1");
        assertThat(again.lease()).isNotNull();
        again.lease().close();
    }

    @Test
    void aLeaseHeldInRedisByAnotherInstanceRefusesTheDraw() {
        when(values.setIfAbsent(eq("p:draw-lease:T-2"), anyString(), any(Duration.class))).thenReturn(false);
        DrawGuard guard = guard(2);
        assertThat(guard.tryAcquire("T-2").refusal()).isEqualTo(DrawGuard.Refusal.IN_PROGRESS);
    }

    @Test
    void withRedisDownTheLeaseIsLocalAndTheDrawGoesOn() {
        when(values.setIfAbsent(anyString(), anyString(), any(Duration.class))).thenThrow(new RedisConnectionFailureException("down"));
        DrawGuard guard = guard(2);
        DrawGuard.Attempt attempt = guard.tryAcquire("T-3");
        assertThat(attempt.lease()).isNotNull();
        assertThat(guard.tryAcquire("T-3").refusal()).isEqualTo(DrawGuard.Refusal.IN_PROGRESS);
        attempt.lease().close();
    }

    @Test
    void pastTheConcurrencyLimitADrawIsRefusedAsBusyAndClosingTwiceFreesOneSlot() {
        when(values.setIfAbsent(anyString(), anyString(), any(Duration.class))).thenReturn(true);
        DrawGuard guard = guard(1);
        DrawGuard.Attempt a = guard.tryAcquire("T-a");
        assertThat(a.lease()).isNotNull();
        DrawGuard.Attempt b = guard.tryAcquire("T-b");
        assertThat(b.refusal()).isEqualTo(DrawGuard.Refusal.BUSY);
        a.lease().close();
        a.lease().close();
        DrawGuard.Attempt c = guard.tryAcquire("T-c");
        assertThat(c.lease()).isNotNull();
        assertThat(guard.tryAcquire("T-d").refusal()).as("a double close must not free two slots").isEqualTo(DrawGuard.Refusal.BUSY);
        c.lease().close();
        // the refused task's Redis lease was given back, so it can draw now
        assertThat(guard.tryAcquire("T-b").lease()).isNotNull();
        verify(redis, times(4)).execute(any(RedisScript.class), anyList(), anyString());
    }
}
