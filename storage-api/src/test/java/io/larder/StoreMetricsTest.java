package io.larder;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.StoreMetrics.Operation;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreMetricsTest {

    @Test
    void eachOperationIsTimedUnderItsOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StoreMetrics metrics = new StoreMetrics("notes", registry, Duration.ofMinutes(1));

        metrics.succeeded(Operation.SAVE, System.nanoTime());
        metrics.succeeded(Operation.SAVE, System.nanoTime());
        metrics.failed(Operation.SAVE, new ConflictException(Key.of("n1"), Version.ABSENT), System.nanoTime());
        metrics.failed(Operation.LOAD_ALL, new StorageUnavailableException("down"), System.nanoTime());
        metrics.failed(Operation.LIST, new IllegalArgumentException("bad query"), System.nanoTime());

        assertThat(count(registry, "save", "success")).isEqualTo(2);
        assertThat(count(registry, "save", "conflict")).isEqualTo(1);
        assertThat(count(registry, "loadAll", "unavailable")).isEqualTo(1);
        assertThat(count(registry, "list", "refused")).isEqualTo(1);
    }

    @Test
    void onlyWhatHappenedIsRegistered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StoreMetrics metrics = new StoreMetrics("notes", registry, Duration.ofMinutes(1));

        metrics.succeeded(Operation.LOAD, System.nanoTime());
        metrics.failed(Operation.LOAD, new CorruptRecordException("larder:notes:{notes}:r:n1", "damaged", null), System.nanoTime());

        assertThat(registry.find("larder.operation").meters()).extracting(m -> m.getId().getTag("operation") + "/"
                + m.getId().getTag("outcome")).containsExactlyInAnyOrder("load/success", "load/corrupt");
        assertThat(registry.find("larder.operation").meters()).extracting(Meter::getId)
                .allSatisfy(id -> assertThat(id.getTag("store")).isEqualTo("notes"));
    }

    private static long count(SimpleMeterRegistry registry, String operation, String outcome) {
        return registry.get("larder.operation").tag("operation", operation).tag("outcome", outcome).timer().count();
    }
}
