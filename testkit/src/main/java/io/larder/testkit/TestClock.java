package io.larder.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every module's test clock, and the contract kits'. Virtual for adapters that keep time with
 * the Larder's clock (it moves only when told); real for adapters whose server keeps time
 * (moving it means sleeping). Thread-safe.
 */
public final class TestClock extends Clock {
    /** Where every virtual clock starts: 2026-11-21T12:00:00Z. */
    public static final Instant START = Instant.parse("2026-11-21T12:00:00Z");

    private final boolean virtual;
    private final AtomicLong millis = new AtomicLong(START.toEpochMilli());

    private TestClock(boolean virtual) {
        this.virtual = virtual;
    }

    /** A virtual clock when {@code virtual}, else the system's clock that only sleeping moves. */
    public static TestClock of(boolean virtual) {
        return new TestClock(virtual);
    }

    /** A virtual clock standing at 2026-11-21T12:00:00Z until told otherwise. */
    public static TestClock virtual() {
        return new TestClock(true);
    }

    /** A virtual clock standing at {@code epochMillis}. */
    public static TestClock at(long epochMillis) {
        TestClock clock = new TestClock(true);
        clock.millis.set(epochMillis);
        return clock;
    }

    /** Puts a virtual clock at {@code epochMillis}, forwards or back. */
    public void set(long epochMillis) {
        if (!virtual) {
            throw new IllegalStateException("a real clock cannot be set");
        }
        millis.set(epochMillis);
    }

    /** Moves time forward: instantly when virtual, by sleeping when real. */
    public void advance(Duration d) {
        if (virtual) {
            millis.addAndGet(d.toMillis());
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long millis() {
        return virtual ? millis.get() : System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
