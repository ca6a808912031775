package io.larder.memory;

import static io.larder.memory.Stores.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Version;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoredRecord;
import io.larder.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expiry by the store's clock, carried out by a queue that operations and sweeps drain, with no thread. */
class MemoryExpiryTest {
    private final TestClock clock = TestClock.virtual();
    private final MemoryBackend backend = MemoryBackend.create();
    private final MemoryStore store = Stores.open(backend, "s", clock);

    @AfterEach
    void close() {
        backend.close();
    }

    private long in(Duration d) {
        return clock.millis() + d.toMillis();
    }

    @Test
    void expiredRecordIsAbsentForEveryReadEvenBeforeItIsRemoved() {
        store.write(List.of(write("g", "r", 1, "bob", in(Duration.ofMinutes(1)))));
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.recordCount()).as("nothing runs in the background").isEqualTo(1);
        assertThat(store.read(List.of(Key.of("g", "r")), 0)).isEmpty();
        assertThat(store.range(new RangeRequest("g", null, 0, 100, false, null, 10))).isEmpty();
        try (var all = store.scanAll(10)) {
            assertThat(all).isEmpty();
        }
        assertThat(store.recordCount()).isZero();
    }

    @Test
    void operationsDrainABoundedNumberOfDueRecordsAndNoThreadIsStarted() {
        int before = larderThreads();
        store.write(IntStream.range(0, 1000).mapToObj(i -> write("g", "r" + i, i, "bob", in(Duration.ofSeconds(10)))).toList());
        clock.advance(Duration.ofSeconds(10));
        assertThat(store.indexEntries()).isEqualTo(2000);

        store.read(List.of(Key.of("g", "elsewhere")), 0);
        assertThat(store.recordCount()).isEqualTo(1000 - MemoryStore.DRAIN_PER_OPERATION);

        assertThat(store.sweep()).isEqualTo(2 * (1000 - MemoryStore.DRAIN_PER_OPERATION));
        assertThat(store.indexEntries()).isZero();
        assertThat(store.queuedExpiries()).isZero();
        assertThat(larderThreads()).isEqualTo(before);
    }

    @Test
    void indexMemoryReturnsToNothingAfter100kRecordsExpireAndASweep() {
        long expireAt = in(Duration.ofHours(1));
        for (int batch = 0; batch < 100; batch++) {
            List<RecordWrite> writes = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                int n = batch * 1000 + i;
                writes.add(write("g" + n % 50, "r" + n, n, "u" + n % 7, expireAt));
            }
            store.write(writes);
        }
        assertThat(store.indexEntries()).isEqualTo(200_000);
        clock.advance(Duration.ofHours(1));

        long removed = 0;
        for (int round = 0; round < 100 && store.indexEntries() > 0; round++) {
            int swept = store.sweep();
            assertThat(swept).isLessThanOrEqualTo(2 * MemoryStore.DRAIN_PER_SWEEP);
            removed += swept;
        }
        assertThat(removed).isEqualTo(200_000);
        assertThat(store.indexEntries()).isZero();
        assertThat(store.indexCount()).as("empty indexes are dropped").isZero();
        assertThat(store.queuedExpiries()).isZero();
        assertThat(store.recordCount()).isZero();
    }

    @Test
    void slidingReadMovesTheExpiry() {
        Key k = Key.of("g", "r");
        store.write(List.of(write("g", "r", 1, "bob", in(Duration.ofSeconds(10)))));
        clock.advance(Duration.ofSeconds(8));
        assertThat(store.read(List.of(k), in(Duration.ofSeconds(10)))).hasSize(1);
        clock.advance(Duration.ofSeconds(8));
        assertThat(store.read(List.of(k), 0)).as("refreshed at 8 s, so alive at 16 s").hasSize(1);
        clock.advance(Duration.ofSeconds(3));
        assertThat(store.read(List.of(k), 0)).isEmpty();
        assertThat(store.queuedExpiries()).isZero();
    }

    @Test
    void rangeSkipsAndRemovesExpiredEntriesAndStillFillsItsLimit() {
        List<RecordWrite> writes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            writes.add(write("g", "r" + i, i, "bob", i % 50 == 0 ? 0 : in(Duration.ofSeconds(1))));
        }
        store.write(writes);
        clock.advance(Duration.ofSeconds(1));
        List<StoredRecord> page = store.range(new RangeRequest("g", null, 0, 1000, false, null, 5));
        assertThat(page).extracting(r -> r.key().id()).containsExactly("r0", "r50", "r100", "r150", "r200");
        // the walk passed times 0..200: 196 expired records, each removed on the way
        assertThat(store.recordCount()).as("what the walk passed was removed").isLessThanOrEqualTo(500 - 196);
    }

    @Test
    void anExpiredRecordCountsAsAbsentForAConditionalWrite() {
        store.write(List.of(write("g", "r", 1, "bob", in(Duration.ofSeconds(1)))));
        clock.advance(Duration.ofSeconds(1));
        RecordWrite create = write("g", "r", 2, "eve", 0);
        store.write(List.of(new RecordWrite(create.key(), create.value(), 2, create.terms(), 0, Version.ABSENT)));
        assertThat(store.read(List.of(Key.of("g", "r")), 0)).extracting(StoredRecord::time).containsExactly(2L);
        assertThat(store.indexEntries()).isEqualTo(2);
        assertThat(store.queuedExpiries()).isZero();
    }

    private static int larderThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("larder")).count();
    }
}
