package io.larder.operations.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts that cost a walk of a store (active sessions, tasks by status), taken at most once per
 * interval however often gauges ask, so a registry scraped every few seconds does not walk the
 * store every few seconds. One walk gives every count of its map (one per gauge). A walk that
 * fails is logged and its counts read as NaN until the next one works. Thread-safe.
 */
public final class Recount {
    private static final Logger LOG = LoggerFactory.getLogger(Recount.class);

    private final String what;
    private final Supplier<Map<String, Long>> walk;
    private final Clock clock;
    private final long intervalMillis;
    private long takenAt = Long.MIN_VALUE;
    private @Nullable Map<String, Long> last = Map.of(); // null: the last walk failed

    /** Counts with {@code walk} at most once per {@code interval}; {@code what} names it in logs. */
    public Recount(String what, Supplier<Map<String, Long>> walk, Clock clock, Duration interval) {
        this.what = what;
        this.walk = walk;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /** The latest count under {@code key} (0 when the walk found none), walking now if the last walk is older than the interval. */
    public synchronized double value(String key) {
        long now = clock.millis();
        if (takenAt == Long.MIN_VALUE || now - takenAt >= intervalMillis) {
            takenAt = now;
            try {
                last = Map.copyOf(walk.get());
            } catch (RuntimeException e) {
                // a gauge has no caller to throw to: NaN says "unknown", the log says why
                LOG.warn("counting {} failed: {}", what, e.toString());
                last = null;
            }
        }
        return last == null ? Double.NaN : last.getOrDefault(key, 0L);
    }
}
