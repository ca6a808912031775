package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backend's clock decides, never a client's: on Redis no client time reaches the script but
 * the calendar windows a client proposes around its clock, among which the server's time picks.
 */
public interface LimitClockContract extends LimiterFixture {
    ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    default void clientsWhoseClocksAreHoursApartShareEveryWindowAndCount() {
        String name = freshName();
        Limit[] limits = {Limit.fixed(3, LimitAllOrNoneContract.LONG), Limit.perDay(50), Limit.perMonth(70)};
        RateLimiter onTime = RateLimiter.builder(larder(), name).zone(SHANGHAI).limits(limits).build();
        Larder ahead = secondClient(Clock.offset(clock(), Duration.ofHours(9)));
        Larder behind = secondClient(Clock.offset(clock(), Duration.ofHours(-14)));
        RateLimiter early = RateLimiter.builder(ahead, name).zone(SHANGHAI).limits(limits).build();
        RateLimiter late = RateLimiter.builder(behind, name).zone(SHANGHAI).limits(limits).build();
        List<Decision> decisions = List.of(onTime.tryAcquire("u"), early.tryAcquire("u"), late.tryAcquire("u"),
                early.tryAcquire("u"));
        assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, false);
        assertThat(decisions).extracting(d -> d.limits().get(0).remaining()).containsExactly(2L, 1L, 0L, 0L);
        for (int limit = 1; limit < 3; limit++) {
            int l = limit;
            assertThat(decisions).extracting(d -> d.limits().get(l).resetsAt()).as("where %s ends", limits[l])
                    .containsOnly(decisions.get(0).limits().get(l).resetsAt());
        }
        assertThat(decisions).extracting(d -> d.limits().get(1).remaining()).containsExactly(49L, 48L, 47L, 47L);
    }

    @Test
    default void aClientClockDaysOffNeverMovesAWindow() {
        String name = freshName();
        RateLimiter onTime = RateLimiter.builder(larder(), name).zone(SHANGHAI).limits(Limit.perDay(5)).build();
        Decision before = onTime.tryAcquire("u");
        Larder lost = secondClient(Clock.offset(clock(), Duration.ofDays(-10)));
        Decision d = RateLimiter.builder(lost, name).zone(SHANGHAI).limits(Limit.perDay(5)).build().tryAcquire("u");
        if (keepsTimeWithTheLarder()) {
            // the counters keep the clock of the Larder that opened them: the other client's clock never reaches them
            assertThat(d.limits().get(0).resetsAt()).isEqualTo(before.limits().get(0).resetsAt());
            assertThat(d.remaining()).isEqualTo(3);
        } else {
            // the windows it proposes are all in the past of the server's clock: refused, decided by the failure policy
            assertThat(d.unavailable()).isTrue();
            assertThat(d.allowed()).isFalse();
            assertThat(onTime.peek("u").remaining()).as("nothing was counted").isEqualTo(4);
        }
    }
}
