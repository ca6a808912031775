package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A sliding window: the current window's count plus the previous one's, weighted by what the trailing window still covers. */
public interface LimitSlidingContract extends LimiterFixture {

    @Test
    default void theTrailingWindowWeighsThePreviousWindowByWhatItStillCovers() {
        assumeTrue(keepsTimeWithTheLarder(), LimitWindowContract.EXACT_ON_REDIS);
        long minute = clock().millis() - Math.floorMod(clock().millis(), 60_000L) + 60_000L;
        RateLimiter api = limiter(Limit.sliding(10, Duration.ofMinutes(1)));
        clock().set(minute + 50_000);
        assertThat(api.tryAcquire("u", 10).allowed()).isTrue();
        clock().set(minute + 75_000);               // 15 s into the next window: the previous one still weighs 45/60
        Decision d = api.peek("u");
        assertThat(d.remaining()).isEqualTo(2);     // 10 - 10 x 0.75 = 2.5, rounded down
        assertThat(api.tryAcquire("u", 2).allowed()).isTrue();
        Decision denied = api.tryAcquire("u");
        assertThat(denied.allowed()).isFalse();
        // 10 x (60 - t) / 60 + 2 + 1 <= 10 from t = 18 s on
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        clock().set(minute + 78_000);
        assertThat(api.tryAcquire("u").allowed()).isTrue();
        assertThat(api.peek("u").limits().get(0).resetsAt().toEpochMilli()).isEqualTo(minute + 180_000);
    }

    @Test
    default void aFullSlidingWindowAdmitsAgainWhenItSaysItWill() {
        RateLimiter api = limiter(Limit.sliding(4, Duration.ofMillis(600)));
        assertThat(api.tryAcquire("u", 4).allowed()).isTrue();
        Decision denied = api.tryAcquire("u");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(1_200));
        pass(denied.retryAfter());
        assertThat(api.tryAcquire("u").allowed()).isTrue();
    }
}
