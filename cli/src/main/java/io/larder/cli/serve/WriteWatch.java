package io.larder.cli.serve;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Whether the storage is taking the server's writes, as the events show it: the last event stored
 * and the last one whose storing failed. A backend can answer its health check while refusing
 * every write (a Redis full under {@code noeviction}, one that stops writes after a failed
 * snapshot, a master without the replicas a policy asks for): then the health page must not say
 * UP. A failure counts for {@link #RECENT}; with no event after it, the page goes back to the
 * backend's own check, so a probe that keeps events away cannot keep the page down. Thread-safe.
 */
final class WriteWatch {
    /** How long a failed write weighs on the health page. */
    static final Duration RECENT = Duration.ofSeconds(30);

    private final Clock clock;
    private @Nullable Instant lastStored;
    private @Nullable Instant lastFailed;
    private String failure = "";

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

    /** A write failed, for {@code reason} (a message that holds no secret). */
    synchronized void failed(String reason) {
        lastFailed = clock.instant();
        failure = reason;
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
