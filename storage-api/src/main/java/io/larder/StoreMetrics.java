package io.larder;

import io.larder.spi.ValueSizes;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every operation of one store ({@code larder.operation}: store, operation, outcome),
 * records value sizes before and after compression ({@code larder.value.size}: store, stage),
 * and logs an operation slower than the threshold once, without any value content. Thread-safe.
 */
final class StoreMetrics implements ValueSizes {
    private static final Logger LOG = LoggerFactory.getLogger("io.larder.slow");
    private static final int OUTCOMES = Outcome.values().length;

    /** The operations of a store that are timed, with their {@code operation} tag. */
    enum Operation {
        SAVE("save"), SAVE_ALL("saveAll"), INSERT_ALL("insertAll"), LOAD("load"), LOAD_ALL("loadAll"), DELETE("delete"),
        DELETE_ALL("deleteAll"), DELETE_PARTITION("deletePartition"),
        LIST("list"), TALLY("tally"), HEALTH("health");

        private final String tag;

        Operation(String tag) {
            this.tag = tag;
        }
    }

    /** How an operation ended, as its {@code outcome} tag says. */
    enum Outcome {
        SUCCESS, CONFLICT, UNAVAILABLE, CORRUPT, ERROR, REFUSED;

        private final String tag = name().toLowerCase(Locale.ROOT);

        static Outcome of(RuntimeException e) {
            if (e instanceof ConflictException) {
                return CONFLICT;
            }
            if (e instanceof StorageUnavailableException) {
                return UNAVAILABLE;
            }
            if (e instanceof CorruptRecordException) {
                return CORRUPT;
            }
            return e instanceof StorageException ? ERROR : REFUSED;
        }
    }

    private final String store;
    private final MeterRegistry registry;
    private final long slowNanos;
    // one slot per (operation, outcome), filled on first use so a registry lists only what happened
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(Operation.values().length * OUTCOMES);
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

    /** Records an operation that started at {@code startNanos} and succeeded. */
    void succeeded(Operation operation, long startNanos) {
        done(operation, Outcome.SUCCESS, startNanos);
    }

    /** Records an operation that started at {@code startNanos} and failed with {@code failure}. */
    void failed(Operation operation, RuntimeException failure, long startNanos) {
        done(operation, Outcome.of(failure), startNanos);
    }

    private void done(Operation operation, Outcome outcome, long startNanos) {
        long took = System.nanoTime() - startNanos;
        timer(operation, outcome).record(took, TimeUnit.NANOSECONDS);
        if (took > slowNanos) {
            LOG.warn("slow {} on store '{}': {} ms ({})", operation.tag, store, took / 1_000_000, outcome.tag);
        }
    }

    private Timer timer(Operation operation, Outcome outcome) {
        int slot = operation.ordinal() * OUTCOMES + outcome.ordinal();
        Timer timer = timers.get(slot);
        if (timer == null) {
            // two threads may both get here: the registry hands both the same timer
            timer = Timer.builder("larder.operation").tag("store", store).tag("operation", operation.tag)
                    .tag("outcome", outcome.tag).description("Larder store operations").register(registry);
            timers.set(slot, timer);
        }
        return timer;
    }
}
