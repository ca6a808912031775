package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A smooth limit (GCRA): its burst at once after an idle spell, then one permit per interval. */
public interface LimitSmoothContract extends LimiterFixture {

    @Test
    default void aSmoothLimitLetsItsBurstThroughAtOnceThenOnePermitPerInterval() {
        RateLimiter api = limiter(Limit.smooth(5, Duration.ofSeconds(1), 3));    // one permit per 200 ms
        Decision first = api.tryAcquire("u");
        Decision d = first;
        int burst = 0;
        while (d.allowed()) {
            burst++;
            d = api.tryAcquire("u");
        }
        long refilled = Duration.between(first.decidedAt(), d.decidedAt()).toMillis() / 200;
        assertThat((long) burst).as("the burst, and what refilled while it was taken").isBetween(3L, 3 + refilled);
        assertThat(d.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(200));
        if (keepsTimeWithTheLarder()) {
            assertThat(burst).isEqualTo(3);
            assertThat(d.retryAfter()).isEqualTo(Duration.ofMillis(200));
        }
        // from when the denied request would have been admitted, one permit per 200 ms and never more
        Instant anchor = d.decidedAt().plus(d.retryAfter());
        pass(d.retryAfter());
        Instant from = clock().instant();
        assertThat(api.tryAcquire("u").allowed()).as("when the denial said").isTrue();
        int admitted = 1;
        Decision last = d;
        while (Duration.between(from, clock().instant()).toMillis() < 1_000) {
            last = api.tryAcquire("u");
            admitted += last.allowed() ? 1 : 0;
            pass(Duration.ofMillis(10));
        }
        long due = Duration.between(anchor, last.decidedAt()).toMillis() / 200 + 1;
        assertThat((long) admitted).as("admitted of %s permits due since %s", due, anchor).isBetween(due - 1, due);
    }

    @Test
    default void anIdleSmoothLimitRefillsToItsBurstAndNoFurther() {
        RateLimiter api = limiter(Limit.smooth(10, Duration.ofSeconds(1), 4));
        api.tryAcquire("u", 4);
        pass(Duration.ofMillis(700));
        Decision rested = api.peek("u");
        assertThat(rested.remaining()).isEqualTo(4);
        assertThat(rested.limits().get(0).resetsAt()).isBeforeOrEqualTo(rested.decidedAt());
    }
}
