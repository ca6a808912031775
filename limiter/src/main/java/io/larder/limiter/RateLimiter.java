package io.larder.limiter;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.spi.LimitRule;
import io.larder.spi.LimiterDeclaration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A named rate limiter: one or more {@link Limit limits} per subject (a user, an API key),
 * checked and counted together, all or none: a denied request takes nothing from any limit. On
 * Redis a decision is one script call on one node, reading the server's clock, so clients whose
 * clocks disagree still agree on every window; on memory it follows the Larder's clock.
 *
 * <pre>{@code
 * RateLimiter api = RateLimiter.builder(larder, "api")
 *         .limit(Limit.perMinute(60)).limit(Limit.perDay(1_000)).limit(Limit.perMonth(20_000))
 *         .zone(ZoneId.of("Asia/Shanghai")).build();
 * Decision d = api.tryAcquire("user-1001");
 * if (!d.allowed()) reply429(d.retryAfter());
 * }</pre>
 *
 * <p>When the backend cannot be reached, a decision is made by the limiter's
 * {@link OnUnavailable} policy ({@link OnUnavailable#DENY} unless chosen otherwise), counted,
 * and marked {@link Decision#unavailable()}; no driver exception reaches the caller. Decisions
 * are counted in the Larder's meter registry as {@code larder.limiter.decisions} with the tags
 * {@code limiter} and {@code outcome} ({@code allowed}, {@code denied}, {@code unavailable}).
 *
 * <p>Subjects are non-empty text of at most 1024 UTF-8 bytes, and must be
 * well-formed UTF-16 (an unpaired surrogate has no UTF-8 form and could name another subject's
 * counters); anything else is refused with an {@link IllegalArgumentException}, as are fewer
 * than one permit and more than a limit could ever admit. Thread-safe.
 */
public interface RateLimiter {

    /**
     * A builder for the limiter {@code name} on {@code larder}. A static factory rather than a
     * method of {@link Larder}: {@code storage-api} does not depend on this module, and the
     * limiter needs nothing of the Larder but its backend's counters and its meter registry.
     */
    static Builder builder(Larder larder, String name) {
        return new Builder(larder, name);
    }

    /**
     * The limiter declared under {@code name} in the Larder's configuration
     * ({@code larder.limiters.<name>} in YAML).
     *
     * @throws ConfigurationException when no limiter of that name is declared, or the backend keeps no rate limits
     */
    static RateLimiter of(Larder larder, String name) {
        LimiterDeclaration declared = larder.limiterDeclaration(name).orElseThrow(() -> new ConfigurationException(
                "no limiter named '" + name + "' is declared (declared: " + larder.limiterNames() + ")"));
        return new BackendRateLimiter(larder, declared);
    }

    /** The limiter's name, part of every key of its counters. */
    String name();

    /** Its limits, in order. */
    List<Limit> limits();

    /** What it decides while the backend cannot be reached. */
    OnUnavailable onUnavailable();

    /** Takes one permit from every limit of {@code subject}, or none when any limit has none left. */
    default Decision tryAcquire(String subject) {
        return tryAcquire(subject, 1);
    }

    /** Takes {@code permits} from every limit of {@code subject}, or none when any limit has fewer left. */
    Decision tryAcquire(String subject, long permits);

    /** What {@link #tryAcquire(String)} would decide now, taking nothing. */
    default Decision peek(String subject) {
        return peek(subject, 1);
    }

    /** What {@link #tryAcquire(String, long)} would decide now, taking nothing. */
    Decision peek(String subject, long permits);

    /** Gives back every permit {@code decision} took; see {@link #refund(Decision, long)}. */
    default boolean refund(Decision decision) {
        return refund(decision, decision.permits());
    }

    /**
     * Gives back {@code permits} of those {@code decision} took (a call that failed before it
     * reached the model), to each limit whose window the decision counted in is still counting;
     * a window that has ended keeps its count. Refund a decision once.
     *
     * @return whether permits were given back: false when the decision took none (it was denied,
     *     or decided by the failure policy) or the backend could not be reached (logged when an outage starts)
     * @throws IllegalArgumentException when the decision is another limiter's, or {@code permits}
     *     is below 1 or above what it took
     */
    boolean refund(Decision decision, long permits);

    /**
     * How many counters this limiter holds in the backend, all subjects together: a diagnostic
     * that may walk the keyspace. Zero once every subject has been idle past its windows.
     */
    long counters();

    /** Builds a {@link RateLimiter}; each setting may be made once, limits added one by one. Not thread-safe. */
    final class Builder {
        private final Larder larder;
        private final String name;
        private final List<LimitRule> limits = new ArrayList<>();
        private @Nullable ZoneId zone;
        private @Nullable OnUnavailable onUnavailable;

        private Builder(Larder larder, String name) {
            this.larder = Objects.requireNonNull(larder, "larder");
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Adds a limit; two limits counting in the same window are refused. */
        public Builder limit(Limit limit) {
            Objects.requireNonNull(limit, "limit");
            for (LimitRule r : limits) {
                if (r.id().equals(limit.name())) {
                    throw new IllegalArgumentException("limiter '" + name + "' already has a limit counting in the window '"
                            + limit.name() + "' (" + r + "); asked to add " + limit);
                }
            }
            limits.add(limit.rule());
            return this;
        }

        /** Adds limits, in order. */
        public Builder limits(Limit... more) {
            for (Limit l : more) {
                limit(l);
            }
            return this;
        }

        /** The zone whose calendar days and months {@link Limit#perDay} and {@link Limit#perMonth} count in (default UTC). */
        public Builder zone(ZoneId z) {
            if (zone != null) {
                throw new IllegalStateException("zone was already set to " + zone);
            }
            zone = Objects.requireNonNull(z, "zone");
            return this;
        }

        /** What decisions are while the backend cannot be reached (default {@link OnUnavailable#DENY}). */
        public Builder onUnavailable(OnUnavailable policy) {
            if (onUnavailable != null) {
                throw new IllegalStateException("onUnavailable was already set to " + onUnavailable);
            }
            onUnavailable = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The limiter, its counters opened in the Larder's backend.
         *
         * @throws IllegalArgumentException when it has no limit, or its name is not letters, digits, {@code _ . -}
         * @throws ConfigurationException when the backend keeps no rate limits, or the name is open with other limits
         */
        public RateLimiter build() {
            LimiterDeclaration.OnUnavailable policy = onUnavailable == OnUnavailable.ALLOW
                    ? LimiterDeclaration.OnUnavailable.ALLOW : LimiterDeclaration.OnUnavailable.DENY;
            return new BackendRateLimiter(larder, new LimiterDeclaration(name, zone == null ? ZoneOffset.UTC : zone,
                    limits, policy));
        }
    }
}
