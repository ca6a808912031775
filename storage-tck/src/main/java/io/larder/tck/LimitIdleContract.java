package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counters go away by themselves when their windows end: an idle subject leaves nothing behind. */
public interface LimitIdleContract extends LimiterFixture {

    @Test
    default void anIdleSubjectLeavesNoCounterBehindOnceItsWindowsEnd() {
        RateLimiter api = limiter(Limit.fixed(5, Duration.ofMillis(300)), Limit.sliding(5, Duration.ofMillis(200)),
                Limit.smooth(10, Duration.ofSeconds(1), 3));
        assertThat(api.counters()).isZero();
        Decision taken = api.tryAcquire("u", 2);
        assertCountsWhatStillCounts(api, List.of(taken));
        if (keepsTimeWithTheLarder()) {
            assertThat(api.counters()).as("one counter per limit").isEqualTo(3);
        }
        pass(Duration.ofMillis(500));
        assertThat(api.counters()).isZero();
    }

    @Test
    default void manyIdleSubjectsLeaveNothingBehind() {
        RateLimiter api = limiter(Limit.fixed(5, Duration.ofMillis(300)), Limit.smooth(10, Duration.ofSeconds(1), 3));
        List<Decision> taken = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            taken.add(api.tryAcquire("user-" + i));
        }
        assertCountsWhatStillCounts(api, taken);
        if (keepsTimeWithTheLarder()) {
            assertThat(api.counters()).isEqualTo(400);
        }
        pass(Duration.ofMillis(400));
        assertCountsWhatStillCounts(api, List.of(api.tryAcquire("late")));
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

    /**
     * Checks that the backend holds one counter per limit of {@code decisions} that still counts: a
     * counter goes when its limit resets (Redis keeps a key through the millisecond it expires at,
     * and a smooth limit's microseconds round up to it), so on a real clock one may go while they
     * are being counted.
     */
    private void assertCountsWhatStillCounts(RateLimiter api, List<Decision> decisions) {
        Instant before = clock().instant();
        long counted = api.counters();
        Instant after = clock().instant();
        long surely = decisions.stream().flatMap(d -> d.limits().stream()).filter(s -> s.resetsAt().isAfter(after)).count();
        long maybe = decisions.stream().flatMap(d -> d.limits().stream()).filter(s -> s.resetsAt().plusMillis(2).isAfter(before)).count();
        assertThat(counted).as("counters of limits that still count").isBetween(surely, maybe);
        assertThat(maybe).as("limits that still counted when the count began").isPositive();
    }
}
