package io.larder.tck;

import io.larder.Larder;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import io.larder.testkit.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/** What every part of the limiter contract reaches: a fresh Larder per test, its clock, and limiter helpers. */
public interface LimiterFixture {

    /** The Larder of this test, on the adapter under test. */
    Larder larder();

    /** Its clock: virtual when the backend keeps time with it (memory), else the real one. */
    TestClock clock();

    /** The meter registry of this test's Larder. */
    SimpleMeterRegistry registry();

    /** Whether the backend decides by the Larder's clock (memory); a server that keeps its own time answers false. */
    boolean keepsTimeWithTheLarder();

    /** The target's name, for what the tests print. */
    String target();

    /** A limiter name no other test uses. */
    String freshName();

    /**
     * Another client of the backend under test (another connection to the same servers; on
     * memory, the same backend) whose Larder runs on {@code clock}. Closed after the test.
     */
    Larder secondClient(Clock clock);

    /** A fresh limiter of these limits, counting in UTC. */
    default RateLimiter limiter(Limit... limits) {
        return RateLimiter.builder(larder(), freshName()).limits(limits).build();
    }

    /** A fresh limiter of these limits, counting calendar days and months in {@code zone}. */
    default RateLimiter limiter(ZoneId zone, Limit... limits) {
        return RateLimiter.builder(larder(), freshName()).zone(zone).limits(limits).build();
    }

    /** Lets {@code d} pass, rounded up to a millisecond: the virtual clock moves, a real one is slept on. */
    default void pass(Duration d) {
        if (!d.isNegative() && !d.isZero()) {
            clock().advance(Duration.ofMillis(Math.floorDiv(d.toNanos() + 999_999, 1_000_000)));
        }
    }
}
