package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Permits given back after a call that failed before it reached the model. */
public interface LimitRefundContract extends LimiterFixture {

    @Test
    default void aRefundGivesEveryLimitItsPermitsBack() {
        RateLimiter api = limiter(Limit.fixed(5, LimitAllOrNoneContract.LONG), Limit.sliding(5, Duration.ofDays(100)),
                Limit.smooth(1, LimitAllOrNoneContract.LONG, 5));
        Decision taken = api.tryAcquire("u", 3);
        assertThat(taken.remaining()).isEqualTo(2);
        assertThat(api.refund(taken)).isTrue();
        assertThat(api.peek("u").limits()).extracting(Decision.LimitState::remaining).containsExactly(5L, 5L, 5L);
    }

    @Test
    default void aPartialRefundGivesBackWhatItSays() {
        RateLimiter api = limiter(Limit.fixed(5, LimitAllOrNoneContract.LONG), Limit.smooth(1, LimitAllOrNoneContract.LONG, 5));
        Decision taken = api.tryAcquire("u", 4);
        assertThat(api.refund(taken, 1)).isTrue();
        assertThat(api.peek("u").limits()).extracting(Decision.LimitState::remaining).containsExactly(2L, 2L);
    }

    @Test
    default void aRefundNeverRaisesALimitAboveWhatItHolds() {
        RateLimiter api = limiter(Limit.fixed(5, LimitAllOrNoneContract.LONG), Limit.sliding(5, Duration.ofDays(100)),
                Limit.smooth(1, LimitAllOrNoneContract.LONG, 5));
        Decision taken = api.tryAcquire("u", 2);
        api.refund(taken);
        api.refund(taken);                           // a mistake: the same decision refunded twice
        assertThat(api.peek("u").limits()).extracting(Decision.LimitState::remaining).containsExactly(5L, 5L, 5L);
        assertThat(api.counters()).as("counters back at zero hold nothing").isZero();
    }

    @Test
    default void aRefundToAWindowThatHasEndedGivesNothingToTheNewOne() {
        RateLimiter api = limiter(Limit.fixed(2, Duration.ofMillis(500)));
        Decision old = api.tryAcquire("u", 2);
        pass(Duration.between(old.decidedAt(), old.limits().get(0).resetsAt()).plusMillis(20));
        Decision now = api.tryAcquire("u");
        assertThat(now.allowed()).isTrue();
        assertThat(now.limits().get(0).resetsAt()).isAfter(old.limits().get(0).resetsAt());
        api.refund(old);
        assertThat(api.peek("u").remaining()).as("the new window keeps its count").isEqualTo(1);
    }

    @Test
    default void aDeniedDecisionHasNothingToRefund() {
        RateLimiter api = limiter(Limit.fixed(1, LimitAllOrNoneContract.LONG));
        api.tryAcquire("u");
        Decision denied = api.tryAcquire("u");
        assertThat(api.refund(denied)).isFalse();
        assertThat(api.peek("u").remaining()).isZero();
    }
}
