package io.larder.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A count that costs a walk (the online users), taken at most once per interval however often a
 * gauge asks. A walk that fails is logged and the count reads NaN until the next one works.
 * Thread-safe.
 */
final class CachedCount {
    private static final Logger LOG = LoggerFactory.getLogger(CachedCount.class);

    private final String what;
    private final LongSupplier walk;
    private final Clock clock;
    private final long intervalMillis;
    private long takenAt = Long.MIN_VALUE;
    private double last;

    CachedCount(String what, LongSupplier walk, Clock clock, Duration interval) {
        this.what = what;
        this.walk = walk;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    synchronized double value() {
        long now = clock.millis();
        if (takenAt == Long.MIN_VALUE || now - takenAt >= intervalMillis) {
            takenAt = now;
            try {
                last = walk.getAsLong();
            } catch (RuntimeException e) {
                // a gauge has no caller to throw to: NaN says "unknown", the log says why
                LOG.warn("counting {} failed: {}", what, e.toString());
                last = Double.NaN;
            }
        }
        return last;
    }
}
