package io.larder;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.larder.spi.ValueSizes;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every operation of one store ({@code larder.operation}: store, operation, outcome),
 * records value sizes before and after compression ({@code larder.value.size}: store, stage),
 * and logs an operation slower than the threshold once, without any value content. Thread-safe.
 */
final class StoreMetrics implements ValueSizes {
    private static final Logger LOG = LoggerFactory.getLogger("io.larder.slow");
    private final String store;
    private final MeterRegistry registry;
    private final long slowNanos;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final DistributionSummary raw;
    private final DistributionSummary stored;

    StoreMetrics(String store, MeterRegistry registry, Duration slow) {
        this.store = store;
        this.registry = registry;
        this.slowNanos = slow.toNanos();
        this.raw = DistributionSummary.builder("larder.value.size").baseUnit("bytes").tag("store", store)
                .tag("stage", "raw").description("Encoded value size before compression").register(registry);
        this.stored = DistributionSummary.builder("larder.value.size").baseUnit("bytes").tag("store", store)
                .tag("stage", "stored").description("Value size as stored").register(registry);
    }

    @Override
    public void record(int rawBytes, int storedBytes) {
        raw.record(rawBytes);
        stored.record(storedBytes);
    }

    /** Records an operation that started at {@code startNanos} and ended with {@code outcome}. */
    void done(String operation, String outcome, long startNanos) {
        long took = System.nanoTime() - startNanos;
        timers.computeIfAbsent(operation + '/' + outcome, k -> Timer.builder("larder.operation")
                .tag("store", store).tag("operation", operation).tag("outcome", outcome)
                .description("Larder store operations").register(registry)).record(took, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (took > slowNanos) {
            LOG.warn("slow {} on store '{}': {} ms ({})", operation, store, took / 1_000_000, outcome);
        }
    }

    static String outcome(RuntimeException e) {
        if (e instanceof ConflictException) {
            return "conflict";
        }
        if (e instanceof StorageUnavailableException) {
            return "unavailable";
        }
        if (e instanceof CorruptRecordException) {
            return "corrupt";
        }
        return e instanceof StorageException ? "error" : "refused";
    }
}
