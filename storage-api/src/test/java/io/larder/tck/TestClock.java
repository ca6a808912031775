package io.larder.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The contract's clock. Virtual for adapters that keep time with the Larder's clock (it moves
 * only when told); real for adapters whose server keeps time (moving it means sleeping).
 */
public final class TestClock extends Clock {
    private final boolean virtual;
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-11-21T12:00:00Z").toEpochMilli());

    TestClock(boolean virtual) {
        this.virtual = virtual;
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
