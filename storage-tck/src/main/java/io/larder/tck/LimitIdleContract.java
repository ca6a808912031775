package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Counters go away by themselves when their windows end: an idle subject leaves nothing behind. */
public interface LimitIdleContract extends LimiterFixture {

    @Test
    default void anIdleSubjectLeavesNoCounterBehindOnceItsWindowsEnd() {
        RateLimiter api = limiter(Limit.fixed(5, Duration.ofMillis(300)), Limit.sliding(5, Duration.ofMillis(200)),
                Limit.smooth(10, Duration.ofSeconds(1), 3));
        assertThat(api.counters()).isZero();
        api.tryAcquire("u", 2);
        assertThat(api.counters()).as("one counter per limit").isEqualTo(3);
        pass(Duration.ofMillis(500));
        assertThat(api.counters()).isZero();
    }

    @Test
    default void manyIdleSubjectsLeaveNothingBehind() {
        RateLimiter api = limiter(Limit.fixed(5, Duration.ofMillis(300)), Limit.smooth(10, Duration.ofSeconds(1), 3));
        for (int i = 0; i < 200; i++) {
            api.tryAcquire("user-" + i);
        }
        assertThat(api.counters()).isEqualTo(400);
        pass(Duration.ofMillis(400));
        api.tryAcquire("late");
        assertThat(api.counters()).isEqualTo(2);
    }

    @Test
    default void aPeekLeavesNothingAndAWholeRefundTakesTheCountersAway() {
        RateLimiter api = limiter(Limit.fixed(5, LimitAllOrNoneContract.LONG), Limit.sliding(5, Duration.ofDays(100)),
                Limit.smooth(1, LimitAllOrNoneContract.LONG, 5));
        api.peek("u");
        assertThat(api.counters()).isZero();
        Decision taken = api.tryAcquire("u", 3);
        assertThat(api.counters()).isEqualTo(3);
        api.refund(taken);
        assertThat(api.counters()).isZero();
    }
}
