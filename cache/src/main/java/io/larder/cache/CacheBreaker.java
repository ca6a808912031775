package io.larder.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resilience4j's circuit breaker around the cache's calls, with the alerting a person needs:
 * one WARN when it opens, one INFO when it closes (how long it was open and how many reads went
 * to the source meanwhile), nothing per request; probes that fail again log at DEBUG. Its state
 * is the gauge {@code larder.cache.breaker.state}, and each alert counts in
 * {@code larder.cache.breaker.transitions} ({@code to}: open, closed). Thread-safe.
 */
final class CacheBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CachedStore.class);

    private final String store;
    private final CircuitBreaker breaker;
    private final LongSupplier degradedReads;
    private final long openForMillis;
    private final Counter opened;
    private final Counter closed;
    private volatile long openedAtNanos;
    private volatile long degradedAtOpen;
    private volatile String lastFailure = "";
    /** The state last acted on: the breaker's events would allocate one object per call, so its state is read instead. */
    private final AtomicReference<CircuitBreaker.State> seen = new AtomicReference<>(CircuitBreaker.State.CLOSED);

    CacheBreaker(String store, CacheSettings settings, MeterRegistry registry, LongSupplier degradedReads) {
        this.store = store;
        this.degradedReads = degradedReads;
        this.openForMillis = settings.openFor().toMillis();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                // one short lock per call measured cheaper on a hit than the lock-free window, which allocates (CacheCost)
                .slidingWindow(settings.window(), settings.window(), SlidingWindowType.COUNT_BASED,
                        SlidingWindowSynchronizationStrategy.SYNCHRONIZED)
                .failureRateThreshold(settings.failureRate())
                .slowCallRateThreshold(settings.failureRate())
                .slowCallDurationThreshold(settings.slowCall())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.probes())
                // no scheduler thread: the first read after openFor becomes the probe
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build();
        this.opened = transitions(store, "open", registry);
        this.closed = transitions(store, "closed", registry);
        this.breaker = CircuitBreaker.of("larder-cache-" + store, config);
        for (CircuitBreaker.State s : new CircuitBreaker.State[] {CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN,
                CircuitBreaker.State.HALF_OPEN}) {
            Gauge.builder("larder.cache.breaker.state", breaker, b -> b.getState() == s ? 1 : 0).tag("store", store)
                    .tag("state", s.name().toLowerCase(Locale.ROOT)).description("1 for the cache breaker's current state")
                    .register(registry);
        }
    }

    /** Whether a cache call may be made now; if so, exactly one of succeeded, failed or released must follow. */
    boolean tryAcquire() {
        boolean permitted = breaker.tryAcquirePermission();
        observe();
        return permitted;
    }

    /** The cache call that started at {@code startNanos} answered. */
    void succeeded(long startNanos) {
        breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        observe();
    }

    /** The cache call that started at {@code startNanos} failed: the backend is unavailable or broken. */
    void failed(long startNanos, RuntimeException e) {
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, e);
        observe();
    }

    /** The permission was not used for a cache call (the call was refused before reaching the backend). */
    void released() {
        breaker.releasePermission();
        observe();
    }

    /** Whether cache calls go through (not open, not probing). */
    boolean isClosed() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    private static Counter transitions(String store, String to, MeterRegistry registry) {
        return Counter.builder("larder.cache.breaker.transitions").tag("store", store).tag("to", to)
                .description("Times the cache breaker opened (the cache went down) or closed again").register(registry);
    }

    /** Acts once on each change of state this thread sees; a change seen by two threads is acted on by one. */
    private void observe() {
        CircuitBreaker.State now = breaker.getState();
        CircuitBreaker.State before = Objects.requireNonNull(seen.get(), "seen starts CLOSED and is only set to a state");
        if (now != before && seen.compareAndSet(before, now)) {
            transitioned(before, now);
        }
    }

    private void transitioned(CircuitBreaker.State from, CircuitBreaker.State to) {
        if (from == CircuitBreaker.State.CLOSED) {
            openedAtNanos = System.nanoTime();
            degradedAtOpen = degradedReads.getAsLong();
            opened.increment();
            LOG.warn("cache '{}' is unavailable ({}); reads go to the source and the cache is probed every {} ms",
                    store, lastFailure, openForMillis);
        } else if (to == CircuitBreaker.State.CLOSED) {
            closed.increment();
            LOG.info("cache '{}' answers again after {} ms; {} reads went to the source meanwhile", store,
                    (System.nanoTime() - openedAtNanos) / 1_000_000, degradedReads.getAsLong() - degradedAtOpen);
        } else {
            LOG.debug("cache '{}' breaker: {} to {} ({})", store, from, to, lastFailure);
        }
    }
}
