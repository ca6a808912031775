package io.larder.limiter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A limiter's decisions, counted in {@code larder.limiter.decisions} by outcome: {@code allowed}
 * and {@code denied} by its limits, {@code unavailable} by its failure policy (the backend could
 * not be reached). Thread-safe.
 */
final class LimiterMetrics {
    private final Counter allowed;
    private final Counter denied;
    private final Counter unavailable;

    LimiterMetrics(String limiter, MeterRegistry registry) {
        this.allowed = counter(limiter, "allowed", registry);
        this.denied = counter(limiter, "denied", registry);
        this.unavailable = counter(limiter, "unavailable", registry);
    }

    void decided(boolean wasAllowed) {
        (wasAllowed ? allowed : denied).increment();
    }

    void unavailable() {
        unavailable.increment();
    }

    private static Counter counter(String limiter, String outcome, MeterRegistry registry) {
        return Counter.builder("larder.limiter.decisions").tag("limiter", limiter).tag("outcome", outcome)
                .description("Rate limiter decisions: allowed and denied by the limits, unavailable by the failure policy")
                .register(registry);
    }
}
