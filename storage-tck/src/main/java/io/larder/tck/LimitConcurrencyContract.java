package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Many threads asking at once never get one permit more than a limit holds. Each test prints what it counted. */
public interface LimitConcurrencyContract extends LimiterFixture {
    int THREADS = 8;

    @Test
    default void concurrentAcquirersNeverGetOnePermitMoreThanTheLimit() throws Exception {
        RateLimiter api = limiter(Limit.fixed(100, LimitAllOrNoneContract.LONG));
        LongAdder admitted = new LongAdder();
        ContractFixture.runConcurrently(THREADS, w -> {
            for (int i = 0; i < 60; i++) {
                if (api.tryAcquire("hot").allowed()) {
                    admitted.increment();
                }
            }
        });
        System.out.printf("limiter concurrency on %s: %d attempts by %d threads on one subject, limit 100: admitted %d,"
                + " over-admission %d%n", target(), THREADS * 60, THREADS, admitted.sum(), Math.max(0, admitted.sum() - 100));
        assertThat(admitted.sum()).isEqualTo(100);
        assertThat(api.peek("hot").remaining()).isZero();
    }

    @Test
    default void concurrentAcquirersOfSeveralLimitsTakeFromAllOrNone() throws Exception {
        RateLimiter api = limiter(Limit.fixed(150, LimitAllOrNoneContract.LONG), Limit.sliding(120, Duration.ofDays(100)),
                Limit.smooth(1, Duration.ofDays(100), 100));
        LongAdder permits = new LongAdder();
        ContractFixture.runConcurrently(THREADS, w -> {
            for (int i = 0; i < 40; i++) {
                long n = 1 + (w + i) % 3;
                if (api.tryAcquire("hot", n).allowed()) {
                    permits.add(n);
                }
            }
        });
        List<Long> remaining = api.peek("hot").limits().stream().map(Decision.LimitState::remaining).toList();
        System.out.printf("limiter concurrency on %s: %d threads taking 1-3 permits of limits 150/120/100: admitted %d"
                + " permits, remaining %s, over-admission %d%n", target(), THREADS, permits.sum(), remaining,
                Math.max(0, permits.sum() - 100));
        assertThat(permits.sum()).isBetween(98L, 100L);
        assertThat(remaining).as("each limit lost exactly what was admitted")
                .containsExactly(150 - permits.sum(), 120 - permits.sum(), 100 - permits.sum());
    }

    @Test
    default void concurrentAcquirersAcrossWindowEndsNeverOverAdmitInAnyWindow() throws Exception {
        RateLimiter api = limiter(Limit.fixed(20, Duration.ofMillis(300)));
        Map<Instant, LongAdder> byWindow = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Instant> denials = new ConcurrentLinkedQueue<>();
        Instant stop = clock().instant().plusMillis(1_000);
        AtomicLong attempts = new AtomicLong();
        ContractFixture.runConcurrently(4, w -> {
            while (clock().instant().isBefore(stop)) {
                Decision d = api.tryAcquire("hot");
                attempts.incrementAndGet();
                Instant window = d.limits().get(0).resetsAt();
                if (d.allowed()) {
                    byWindow.computeIfAbsent(window, k -> new LongAdder()).increment();
                } else {
                    denials.add(window);
                }
                if (w == 0 && keepsTimeWithTheLarder()) {
                    clock().advance(Duration.ofMillis(3));
                }
            }
        });
        long over = byWindow.values().stream().mapToLong(a -> Math.max(0, a.sum() - 20)).sum();
        System.out.printf("limiter concurrency on %s: %d attempts by 4 threads across %d windows of 300 ms, limit 20:"
                + " admitted per window %s, over-admission %d%n", target(), attempts.get(), byWindow.size(),
                byWindow.values().stream().map(LongAdder::sum).toList(), over);
        assertThat(over).isZero();
        // a window that denied anyone had given out all 20 permits first
        for (Instant full : denials) {
            assertThat(byWindow.getOrDefault(full, new LongAdder()).sum()).as("admitted in the window ending %s", full)
                    .isEqualTo(20);
        }
    }
}
