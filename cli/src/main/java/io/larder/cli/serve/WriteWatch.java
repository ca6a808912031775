package io.larder.cli.serve;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the storage is taking the server's writes, as the events show it: the last event stored
 * and the last one whose storing failed. A backend can answer its health check while refusing
 * every write (a Redis full under {@code noeviction}, one that stops writes after a failed
 * snapshot, a master without the replicas a policy asks for): then the health page must not say
 * UP. A failure counts for {@link #RECENT}; with no event after it, the page goes back to the
 * backend's own check, so a probe that keeps events away cannot keep the page down. Failures are
 * logged at most once every {@link #LOG_EVERY}, with how many were not: a backend that fails
 * fails every event, and the log should say so, not repeat it thousands of times. Thread-safe.
 */
final class WriteWatch {
    /** How long a failed write weighs on the health page. */
    static final Duration RECENT = Duration.ofSeconds(30);
    /** The least time between two log lines about events not stored. */
    static final Duration LOG_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(WriteWatch.class);

    private final Clock clock;
    private @Nullable Instant lastStored;
    private @Nullable Instant lastFailed;
    private String failure = "";
    private @Nullable Instant logged;
    private long unlogged;

    /** What the watch says now. */
    enum State {
        /** No failure in the last {@link #RECENT}. */
        TAKING,
        /** A write failed in the last {@link #RECENT}, and one was stored after it. */
        SOME_FAILING,
        /** A write failed in the last {@link #RECENT}, and none was stored after it. */
        FAILING
    }

    WriteWatch(Clock clock) {
        this.clock = clock;
    }

    synchronized void stored() {
        lastStored = clock.instant();
    }

    /**
     * An event was not stored, for {@code reason} (a message that holds no secret): noted, and
     * logged unless one was less than {@link #LOG_EVERY} ago (the next line counts it).
     *
     * @return whether this one was logged
     */
    synchronized boolean failed(String reason) {
        lastFailed = clock.instant();
        failure = reason;
        if (logged != null && lastFailed.isBefore(logged.plus(LOG_EVERY))) {
            unlogged++;
            return false;
        }
        LOG.warn("an event was not stored: {}{}", reason, unlogged == 0 ? ""
                : " (and " + unlogged + (unlogged == 1 ? " more was" : " more were") + " not stored since the previous such line)");
        logged = lastFailed;
        unlogged = 0;
        return true;
    }

    synchronized State state() {
        if (lastFailed == null || lastFailed.plus(RECENT).isBefore(clock.instant())) {
            return State.TAKING;
        }
        return lastStored != null && lastStored.isAfter(lastFailed) ? State.SOME_FAILING : State.FAILING;
    }

    /** The health page's {@code writes}: when the last event was stored and the last write failed, and why. */
    synchronized Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        if (lastStored != null) {
            d.put("last_stored", lastStored.toString());
        }
        if (lastFailed != null) {
            d.put("last_failed", lastFailed.toString());
            d.put("failure", failure);
        }
        return d;
    }
}
