package io.larder.limiter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RateLimiter} decided for one request: allowed or not, and how each limit stands.
 * Times are the backend's (the Redis server's clock), so they agree between clients whose own
 * clocks do not. Immutable.
 *
 * <pre>{@code
 * Decision d = api.tryAcquire("user-1001");
 * if (!d.allowed()) reply429(d.retryAfter());
 * }</pre>
 */
public final class Decision {
    /** How long a caller denied by an unreachable backend is told to wait. */
    static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(1);

    private final String limiter;
    private final String subject;
    private final long permits;
    private final boolean allowed;
    private final boolean unavailable;
    private final Instant decidedAt;
    private final Duration retryAfter;
    private final List<LimitState> limits;
    private final long[] windows;

    /**
     * How one limit stands after the decision.
     *
     * @param limit the limit
     * @param remaining the permits it would still admit now
     * @param resetsAt when it admits its whole capacity again if nothing more is taken (the backend's clock)
     */
    public record LimitState(Limit limit, long remaining, Instant resetsAt) {
        /** Checks the parts. */
        public LimitState {
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(resetsAt, "resetsAt");
        }
    }

    Decision(String limiter, String subject, long permits, boolean allowed, boolean unavailable, Instant decidedAt,
             Duration retryAfter, List<LimitState> limits, long[] windows) {
        this.limiter = limiter;
        this.subject = subject;
        this.permits = permits;
        this.allowed = allowed;
        this.unavailable = unavailable;
        this.decidedAt = decidedAt;
        this.retryAfter = retryAfter;
        this.limits = List.copyOf(limits);
        // not copied: the limiter hands over an array it never touches again, and nothing here writes to it
        this.windows = windows;
    }

    /** Whether the request may go ahead; when it may, its permits were taken from every limit. */
    public boolean allowed() {
        return allowed;
    }

    /**
     * Whether the backend could not be reached, so the limiter's {@link OnUnavailable} policy
     * decided; such a decision took nothing and knows no limit's state ({@link #limits()} is empty).
     */
    public boolean unavailable() {
        return unavailable;
    }

    /** How long to wait before the same request could be allowed: zero when allowed, one second when the backend was unreachable. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The backend's time of the decision (the limiter's Larder clock when the backend was unreachable). */
    public Instant decidedAt() {
        return decidedAt;
    }

    /** Each limit's state, in the limiter's order; empty when {@link #unavailable()}. */
    public List<LimitState> limits() {
        return limits;
    }

    /** The fewest permits any limit would still admit now; 0 when {@link #unavailable()}. */
    public long remaining() {
        long fewest = limits.isEmpty() ? 0 : Long.MAX_VALUE;
        for (LimitState s : limits) {
            fewest = Math.min(fewest, s.remaining());
        }
        return fewest;
    }

    /** The subject the request was for. */
    public String subject() {
        return subject;
    }

    /** The permits the request asked for. */
    public long permits() {
        return permits;
    }

    /** The name of the limiter that decided. */
    public String limiter() {
        return limiter;
    }

    /** Whether this decision took permits that a refund could give back. */
    boolean tookPermits() {
        return allowed && !unavailable;
    }

    /** Per limit, the window the permits were counted in, for a refund. */
    List<Long> windows() {
        List<Long> out = new ArrayList<>(windows.length);
        for (long w : windows) {
            out.add(w);
        }
        return out;
    }

    @Override
    public String toString() {
        String head = "Decision{" + limiter + ", " + (allowed ? "allowed" : "denied") + " " + permits
                + (permits == 1 ? " permit" : " permits");
        if (unavailable) {
            return head + " by the failure policy: the backend was unavailable}";
        }
        return head + ", remaining " + remaining() + (allowed ? "" : ", retry after " + retryAfter) + "}";
    }
}
