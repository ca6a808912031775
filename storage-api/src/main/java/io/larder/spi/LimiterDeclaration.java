package io.larder.spi;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A rate limiter declared in configuration ({@code larder.limiters.<name>}), typed and checked,
 * before anything opens it. Limiter-neutral on purpose: the {@code config} module reads it
 * without depending on the {@code limiter} module, a {@link io.larder.Larder} carries it, and
 * {@code RateLimiter.of(larder, name)} turns it into a limiter. Immutable.
 *
 * @param name the limiter's name
 * @param zone the zone of its calendar days and months
 * @param rules its limits, in declared order
 * @param onUnavailable what a decision is when the backend cannot be reached
 */
public record LimiterDeclaration(String name, ZoneId zone, List<LimitRule> rules, OnUnavailable onUnavailable) {

    /** What a limiter decides while its backend is unavailable. */
    public enum OnUnavailable {
        /** Deny every request (fail closed, the default). */
        DENY,
        /** Allow every request (fail open). */
        ALLOW
    }

    /** Checks every part, as a {@link LimitLayout} would. */
    public LimiterDeclaration {
        Objects.requireNonNull(onUnavailable, "onUnavailable");
        rules = new LimitLayout("", name, zone, rules).rules();
    }

    /** The layout of this limiter under {@code keyPrefix}. */
    public LimitLayout layout(String keyPrefix) {
        return new LimitLayout(keyPrefix, name, zone, rules);
    }
}
