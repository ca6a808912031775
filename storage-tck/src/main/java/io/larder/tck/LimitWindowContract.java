package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where windows begin and end: fixed windows on the epoch, calendar days and months in the limiter's zone. */
public interface LimitWindowContract extends LimiterFixture {
    /** Why a behaviour at an exact instant runs only where the kit moves the clock. */
    String EXACT_ON_REDIS = "a Redis server's clock cannot be moved: storage-redis's LimitScriptIT checks the limit scripts"
            + " at exact instants with the script's clock frozen";

    @Test
    default void aRequestAt59_999CountsInTheMinuteItEndsAndOneAt60_000InTheNext() {
        assumeTrue(keepsTimeWithTheLarder(), EXACT_ON_REDIS);
        long minute = clock().millis() - Math.floorMod(clock().millis(), 60_000L) + 60_000L;
        RateLimiter api = limiter(Limit.perMinute(2));
        clock().set(minute - 30_000);
        assertThat(api.tryAcquire("u", 2).allowed()).isTrue();
        clock().set(minute - 1);
        Decision last = api.tryAcquire("u");
        assertThat(last.allowed()).isFalse();
        assertThat(last.retryAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(last.limits().get(0).resetsAt()).isEqualTo(Instant.ofEpochMilli(minute));
        clock().set(minute);
        Decision next = api.tryAcquire("u");
        assertThat(next.allowed()).isTrue();
        assertThat(next.remaining()).isEqualTo(1);
        assertThat(next.limits().get(0).resetsAt()).isEqualTo(Instant.ofEpochMilli(minute + 60_000));
    }

    @Test
    default void eachRequestCountsInTheWindowTheBackendsClockPlacesItIn() {
        RateLimiter api = limiter(Limit.fixed(2, Duration.ofMillis(400)));
        List<Decision> decisions = new ArrayList<>();
        // a second of requests by the backend's clock, which places them: a stall of this thread on a
        // loaded machine between the last request and the loop's check must not shorten it
        Instant stop = clock().instant().plusMillis(1_000);
        Decision last;
        do {
            last = api.tryAcquire("u");
            decisions.add(last);
            pass(Duration.ofMillis(13));
        } while (last.decidedAt().isBefore(stop));
        Map<Instant, List<Decision>> byWindow = new LinkedHashMap<>();
        for (Decision d : decisions) {
            long at = d.decidedAt().toEpochMilli();
            Instant end = Instant.ofEpochMilli(at - Math.floorMod(at, 400L) + 400);
            assertThat(d.limits().get(0).resetsAt()).as("the window of a decision at %s", d.decidedAt()).isEqualTo(end);
            byWindow.computeIfAbsent(end, e -> new ArrayList<>()).add(d);
        }
        assertThat(byWindow).hasSizeGreaterThanOrEqualTo(3);
        byWindow.forEach((end, inWindow) -> {
            // requests of one client come one after the other: the first two of each window are admitted, no more
            for (int i = 0; i < inWindow.size(); i++) {
                assertThat(inWindow.get(i).allowed()).as("request %d of the window ending %s", i + 1, end).isEqualTo(i < 2);
            }
        });
    }

    @Test
    default void aCalendarDayEndsAtMidnightOfTheLimitersZone() {
        // a zone whose midnight falls a second and a half from now, so the boundary can be crossed in a test
        // (the clock is read once: two reads a millisecond apart could put "midnight" a millisecond before a whole second)
        long soon = clock().millis() + 1_500;
        long midnight = soon - Math.floorMod(soon, 1000L);
        int offset = (int) ((Math.floorMod(-midnight, 86_400_000L) + 43_200_000L) % 86_400_000L - 43_200_000L) / 1000;
        ZoneId zone = ZoneOffset.ofTotalSeconds(offset);
        RateLimiter api = limiter(zone, Limit.perDay(2));
        assertThat(api.tryAcquire("u", 2).allowed()).isTrue();
        Decision denied = api.tryAcquire("u");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.limits().get(0).resetsAt()).isEqualTo(Instant.ofEpochMilli(midnight));
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(1_500));
        pass(Duration.between(clock().instant(), Instant.ofEpochMilli(midnight)).plusMillis(30));
        Decision tomorrow = api.tryAcquire("u");
        assertThat(tomorrow.allowed()).isTrue();
        assertThat(tomorrow.limits().get(0).resetsAt()).isEqualTo(Instant.ofEpochMilli(midnight).plus(Duration.ofDays(1)));
    }

    @Test
    default void aMonthEndsWhereTheMonthOfTheLimitersZoneEnds() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        RateLimiter local = limiter(shanghai, Limit.perMonth(1));
        RateLimiter utc = limiter(Limit.perMonth(1));
        Decision d = local.tryAcquire("u");
        LocalDate first = d.decidedAt().atZone(shanghai).toLocalDate().withDayOfMonth(1).plusMonths(1);
        assertThat(d.limits().get(0).resetsAt()).isEqualTo(first.atStartOfDay(shanghai).toInstant());
        assertThat(utc.tryAcquire("u").limits().get(0).resetsAt())
                .isEqualTo(d.decidedAt().atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).plusMonths(1)
                        .atStartOfDay(ZoneOffset.UTC).toInstant());
        Decision denied = local.tryAcquire("u");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfter()).isEqualTo(Duration.between(denied.decidedAt(), first.atStartOfDay(shanghai).toInstant()));
    }

    @Test
    default void aRequestAtTheLastMillisecondOfAMonthInTheZoneCountsInItAndTheNextInTheNewMonth() {
        assumeTrue(keepsTimeWithTheLarder(), EXACT_ON_REDIS);
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        long march = LocalDate.of(2027, 3, 1).atStartOfDay(shanghai).toInstant().toEpochMilli();
        RateLimiter local = limiter(shanghai, Limit.perMonth(1));
        RateLimiter utc = limiter(Limit.perMonth(1));
        clock().set(march - 1);
        assertThat(local.tryAcquire("u").allowed()).isTrue();
        assertThat(utc.tryAcquire("u").allowed()).isTrue();
        assertThat(local.tryAcquire("u").allowed()).isFalse();
        clock().set(march);
        assertThat(local.tryAcquire("u").allowed()).as("March has begun in Shanghai").isTrue();
        assertThat(utc.tryAcquire("u").allowed()).as("it is still February 28th in UTC").isFalse();
    }

    @Test
    default void aDayThatSkipsAnHourLasts23HoursAndOneThatRepeatsAnHour25() {
        assumeTrue(keepsTimeWithTheLarder(), EXACT_ON_REDIS);
        ZoneId newYork = ZoneId.of("America/New_York");
        RateLimiter api = limiter(newYork, Limit.perDay(1));
        ZoneOffsetTransition t = newYork.getRules().nextTransition(clock().instant());
        for (int i = 0; i < 2; i++) {
            LocalDate day = t.getDateTimeBefore().toLocalDate();
            clock().set(day.atStartOfDay(newYork).toInstant().toEpochMilli());
            Decision d = api.tryAcquire("u");
            assertThat(d.allowed()).isTrue();
            assertThat(Duration.between(d.decidedAt(), d.limits().get(0).resetsAt()))
                    .isEqualTo(Duration.ofHours(t.isGap() ? 23 : 25));
            t = newYork.getRules().nextTransition(t.getInstant());
        }
    }

    @Test
    default void secondsMinutesAndHoursStartOnTheUtcClockInAnyZone() {
        RateLimiter api = limiter(ZoneId.of("Asia/Kolkata"), Limit.perHour(5), Limit.perMinute(5), Limit.perSecond(5));
        Decision d = api.tryAcquire("u");
        Instant at = d.decidedAt();
        assertThat(d.limits()).extracting(Decision.LimitState::resetsAt).containsExactly(
                at.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS),
                at.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES),
                at.truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.SECONDS));
    }
}
