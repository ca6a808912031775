package io.larder.limiter;

import io.larder.Larder;
import io.larder.StorageException;
import io.larder.spi.BackendLimits;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitReply;
import io.larder.spi.LimitRule;
import io.larder.spi.LimiterDeclaration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RateLimiter}: checks the request, hands it to the backend's atomic step, and turns
 * the reply into a {@link Decision}; when the backend fails, the failure policy decides. An
 * outage is logged when it starts and when it ends, not once per decision. Thread-safe.
 */
final class BackendRateLimiter implements RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final Larder larder;
    private final String name;
    private final List<Limit> limits;
    private final OnUnavailable policy;
    private final BackendLimits counters;
    private final LimiterMetrics metrics;
    private final AtomicBoolean down = new AtomicBoolean();
    private final Limit narrowest;

    BackendRateLimiter(Larder larder, LimiterDeclaration declaration) {
        this.larder = larder;
        this.name = declaration.name();
        List<Limit> all = new ArrayList<>();
        for (LimitRule r : declaration.rules()) {
            all.add(Limit.of(r));
        }
        this.limits = List.copyOf(all);
        this.policy = declaration.onUnavailable() == LimiterDeclaration.OnUnavailable.ALLOW
                ? OnUnavailable.ALLOW : OnUnavailable.DENY;
        Limit least = limits.get(0);
        for (Limit l : limits) {
            least = l.capacity() < least.capacity() ? l : least;
        }
        this.narrowest = least;
        this.counters = larder.openLimits(declaration);
        this.metrics = new LimiterMetrics(name, larder.meterRegistry());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Limit> limits() {
        return limits;
    }

    @Override
    public OnUnavailable onUnavailable() {
        return policy;
    }

    @Override
    public Decision tryAcquire(String subject, long permits) {
        LimitCall call = LimitCall.acquire(Subjects.check(subject), checkPermits(permits));
        LimitReply reply = send(call);
        if (reply == null) {
            metrics.unavailable();
            return byPolicy(subject, permits);
        }
        metrics.decided(reply.allowed());
        return decision(subject, permits, reply);
    }

    @Override
    public Decision peek(String subject, long permits) {
        LimitReply reply = send(LimitCall.peek(Subjects.check(subject), checkPermits(permits)));
        return reply == null ? byPolicy(subject, permits) : decision(subject, permits, reply);
    }

    @Override
    public boolean refund(Decision decision, long permits) {
        if (!decision.limiter().equals(name) || decision.tookPermits() && decision.windows().size() != limits.size()) {
            throw new IllegalArgumentException("a decision of limiter '" + decision.limiter() + "' ("
                    + decision.limits().size() + " limits) cannot be refunded to '" + name + "' (" + limits.size() + " limits)");
        }
        if (!decision.tookPermits()) {
            return false;
        }
        if (permits < 1 || permits > decision.permits()) {
            throw new IllegalArgumentException("a refund gives back 1 to " + decision.permits()
                    + " permits (what the decision took), got " + permits);
        }
        return send(LimitCall.refund(decision.subject(), permits, decision.windows())) != null;
    }

    @Override
    public long counters() {
        checkOpen();
        return counters.counters();
    }

    @Override
    public String toString() {
        return "RateLimiter{" + name + ": " + limits + ", on unavailable " + policy + "}";
    }

    /** The backend's reply, or {@code null} when it failed (logged when an outage starts). */
    private @Nullable LimitReply send(LimitCall call) {
        checkOpen();
        try {
            LimitReply reply = counters.apply(call);
            if (down.get() && down.compareAndSet(true, false)) {
                LOG.info("rate limiter '{}': the backend answers again", name);
            }
            return reply;
        } catch (RuntimeException e) {
            // any failure of the step, translated or not: a driver exception must never reach the caller
            if (down.compareAndSet(false, true)) {
                LOG.warn("rate limiter '{}': the backend cannot decide ({}); {} requests until it answers", name, e,
                        policy == OnUnavailable.ALLOW ? "allowing" : "denying");
            }
            return null;
        }
    }

    private Decision decision(String subject, long permits, LimitReply reply) {
        int n = limits.size();
        Decision.LimitState[] states = new Decision.LimitState[n];
        long[] windows = new long[n];
        for (int i = 0; i < n; i++) {
            LimitReply.RuleState s = reply.rules().get(i);
            states[i] = new Decision.LimitState(limits.get(i), s.remaining(), instant(s.resetsAtMicros()));
            windows[i] = s.window();
        }
        long retry = reply.retryAfterMicros();
        return new Decision(name, subject, permits, reply.allowed(), false, instant(reply.decidedAtMicros()),
                retry == 0 ? Duration.ZERO : Duration.ofNanos(Math.multiplyExact(retry, 1000L)), List.of(states), windows);
    }

    private Decision byPolicy(String subject, long permits) {
        boolean allow = policy == OnUnavailable.ALLOW;
        return new Decision(name, subject, permits, allow, true, larder.clock().instant(),
                allow ? Duration.ZERO : Decision.UNAVAILABLE_RETRY, List.of(), new long[0]);
    }

    private long checkPermits(long permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + permits);
        }
        if (permits > narrowest.capacity()) {
            throw new IllegalArgumentException("asked for " + permits + " permits, but the limit " + narrowest
                    + " admits at most " + narrowest.capacity() + " at once: such a request could never be allowed");
        }
        return permits;
    }

    private void checkOpen() {
        if (!larder.isOpen()) {
            throw new StorageException("this Larder is closed");
        }
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
