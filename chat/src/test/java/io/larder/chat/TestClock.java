package io.larder.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told, so expiry and audits are tested without sleeping. Thread-safe. */
public final class TestClock extends Clock {
    /** Where every test clock starts: 2026-11-21T12:00:00Z. */
    public static final Instant START = Instant.parse("2026-11-21T12:00:00Z");
    private final AtomicLong millis = new AtomicLong(START.toEpochMilli());

    /** Moves the clock forward. */
    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
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
