package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Several limits on one subject are checked and counted together: all or none. */
public interface LimitAllOrNoneContract extends LimiterFixture {
    /** A window no test outlives: its count stays put while a test runs on a real clock. */
    Duration LONG = Duration.ofDays(1000);

    @Test
    default void aRequestOneLimitDeniesTakesNothingFromTheOthers() {
        RateLimiter api = limiter(Limit.fixed(10, LONG), Limit.fixed(3, LONG.plusDays(1)));
        for (int i = 0; i < 3; i++) {
            assertThat(api.tryAcquire("u").allowed()).isTrue();
        }
        Decision denied = api.tryAcquire("u");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.limits()).extracting(Decision.LimitState::remaining).containsExactly(7L, 0L);
        assertThat(denied.retryAfter()).isPositive();
        for (int i = 0; i < 5; i++) {
            api.tryAcquire("u");
        }
        assertThat(api.peek("u").limits()).extracting(Decision.LimitState::remaining).containsExactly(7L, 0L);
    }

    @Test
    default void fixedSlidingAndSmoothLimitsAdmitOnlyTogether() {
        RateLimiter api = limiter(Limit.fixed(5, LONG), Limit.sliding(3, Duration.ofDays(100)), Limit.smooth(1, LONG, 4));
        assertThat(api.tryAcquire("u", 2).allowed()).isTrue();
        assertThat(api.tryAcquire("u", 2).allowed()).as("the sliding limit has 1 left").isFalse();
        Decision one = api.tryAcquire("u");
        assertThat(one.allowed()).isTrue();
        assertThat(one.limits()).extracting(Decision.LimitState::remaining).containsExactly(2L, 0L, 1L);
    }

    @Test
    default void permitsOfOneRequestAreTakenTogether() {
        RateLimiter api = limiter(Limit.fixed(10, LONG));
        assertThat(api.tryAcquire("u", 4).remaining()).isEqualTo(6);
        Decision tooMany = api.tryAcquire("u", 7);
        assertThat(tooMany.allowed()).isFalse();
        assertThat(tooMany.remaining()).isEqualTo(6);
        assertThat(tooMany.permits()).isEqualTo(7);
        Decision rest = api.tryAcquire("u", 6);
        assertThat(rest.allowed()).isTrue();
        assertThat(rest.remaining()).isZero();
    }

    @Test
    default void aPeekSaysWhatARequestWouldGetAndTakesNothing() {
        RateLimiter api = limiter(Limit.fixed(3, LONG), Limit.smooth(1, LONG, 5));
        api.tryAcquire("u", 2);
        for (int i = 0; i < 10; i++) {
            Decision look = api.peek("u");
            assertThat(look.allowed()).isTrue();
            assertThat(look.limits()).extracting(Decision.LimitState::remaining).containsExactly(1L, 3L);
        }
        assertThat(api.peek("u", 2).allowed()).isFalse();
        assertThat(api.tryAcquire("u").remaining()).isZero();
        assertThat(registry().get("larder.limiter.decisions").tag("limiter", api.name()).tag("outcome", "allowed")
                .counter().count()).as("peeks are not decisions").isEqualTo(2);
    }

    @Test
    default void eachSubjectCountsOnItsOwn() {
        RateLimiter api = limiter(Limit.fixed(1, LONG));
        assertThat(api.tryAcquire("alice").allowed()).isTrue();
        assertThat(api.tryAcquire("alice").allowed()).isFalse();
        assertThat(api.tryAcquire("bob").allowed()).isTrue();
        RateLimiter other = limiter(Limit.fixed(1, LONG));
        assertThat(other.tryAcquire("alice").allowed()).as("another limiter counts apart").isTrue();
    }
}
