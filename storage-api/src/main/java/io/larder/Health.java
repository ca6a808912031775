package io.larder;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a backend reports about itself: a status, the round-trip latency of a probe, and
 * details for people (server version, memory, role). Details never hold a secret.
 *
 * @param status UP, DEGRADED (working, with a reason) or DOWN
 * @param latency the probe's round trip
 * @param details ordered, human-readable facts
 */
public record Health(Status status, Duration latency, Map<String, String> details) {

    /** The state of a backend. */
    public enum Status {
        /** Working. */
        UP,
        /** Working, but with a problem a person should see (the reason is in the details). */
        DEGRADED,
        /** Not answering. */
        DOWN
    }

    /** Copies the details, keeping their order. */
    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(latency, "latency");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A working backend. */
    public static Health up(Duration latency, Map<String, String> details) {
        return new Health(Status.UP, latency, details);
    }

    /** A backend that does not answer, with the reason. */
    public static Health down(String reason) {
        return new Health(Status.DOWN, Duration.ZERO, Map.of("reason", reason));
    }

    /** This health degraded with a reason (kept beside any earlier ones); DOWN stays DOWN. */
    public Health degraded(String reason) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.merge("reason", reason, (a, b) -> a + "; " + b);
        return new Health(status == Status.DOWN ? Status.DOWN : Status.DEGRADED, latency, more);
    }

    /** Whether the backend is usable (UP or DEGRADED). */
    public boolean isUsable() {
        return status != Status.DOWN;
    }
}
