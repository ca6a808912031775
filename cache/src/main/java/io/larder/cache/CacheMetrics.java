package io.larder.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counters of one cache: {@code larder.cache.gets} by result (hit, miss, degraded; the hit
 * ratio is hit / (hit + miss)) and {@code larder.cache.loads} by outcome (every call to the
 * source, degraded reads included). Thread-safe.
 */
final class CacheMetrics {
    final Counter hits;
    final Counter misses;
    final Counter degraded;
    final Counter loads;
    final Counter loadFailures;

    CacheMetrics(String store, MeterRegistry registry) {
        hits = gets(store, "hit", registry);
        misses = gets(store, "miss", registry);
        degraded = gets(store, "degraded", registry);
        loads = loads(store, "success", registry);
        loadFailures = loads(store, "failure", registry);
    }

    private static Counter gets(String store, String result, MeterRegistry registry) {
        return Counter.builder("larder.cache.gets").tag("store", store).tag("result", result)
                .description("Cache reads: hit, miss (loaded from the source), degraded (the cache was unavailable)")
                .register(registry);
    }

    private static Counter loads(String store, String outcome, MeterRegistry registry) {
        return Counter.builder("larder.cache.loads").tag("store", store).tag("outcome", outcome)
                .description("Reads of the source of truth").register(registry);
    }
}
