package io.larder.memory;

import static io.larder.memory.Stores.text;
import static io.larder.memory.Stores.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.ConflictException;
import io.larder.Health;
import io.larder.Key;
import io.larder.Query;
import io.larder.Retention;
import io.larder.StorageException;
import io.larder.Version;
import io.larder.spi.IndexEntry;
import io.larder.spi.Position;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoredRecord;
import io.larder.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The memory store below the core: ranges, moves, retention, conditions, as the SPI states them. */
class MemoryStoreTest {
    private static final Query.Term BOB = new Query.Term("sender", "bob");
    private final TestClock clock = TestClock.virtual();
    private final MemoryBackend backend = MemoryBackend.create();
    private final MemoryStore store = Stores.open(backend, "s", clock);

    @AfterEach
    void close() {
        backend.close();
    }

    private List<String> ids(RangeRequest r) {
        return store.range(r).stream().map(s -> s.key().id()).toList();
    }

    private void tenRecords() {
        store.write(IntStream.range(0, 10).mapToObj(i -> write("g", "r" + i, 100 + i * 10L, i % 2 == 0 ? "bob" : "eve", 0)).toList());
    }

    @Test
    void rangeIncludesItsStartAndExcludesItsEnd() {
        tenRecords();
        assertThat(ids(new RangeRequest("g", null, 120, 150, false, null, 100))).containsExactly("r2", "r3", "r4");
        assertThat(ids(new RangeRequest("g", null, 120, 150, true, null, 100))).containsExactly("r4", "r3", "r2");
    }

    @Test
    void rangeContinuesStrictlyAfterThePositionInItsOwnOrder() {
        tenRecords();
        assertThat(ids(new RangeRequest("g", null, 0, 1000, false, new Position(130, "r3"), 2))).containsExactly("r4", "r5");
        assertThat(ids(new RangeRequest("g", null, 0, 1000, true, new Position(130, "r3"), 2))).containsExactly("r2", "r1");
        assertThat(ids(new RangeRequest("g", BOB, 0, 1000, true, new Position(130, "r3"), 10))).containsExactly("r2", "r0");
    }

    @Test
    void rangeBreaksTiesInTimeById() {
        store.write(List.of(write("g", "b", 5, "bob", 0), write("g", "a", 5, "bob", 0), write("g", "c", 5, "bob", 0)));
        assertThat(ids(new RangeRequest("g", BOB, 0, 10, false, null, 10))).containsExactly("a", "b", "c");
        assertThat(ids(new RangeRequest("g", BOB, 0, 10, false, new Position(5, "a"), 10))).containsExactly("b", "c");
    }

    @Test
    void emptyOrInvertedRangeFindsNothing() {
        tenRecords();
        assertThat(ids(new RangeRequest("g", null, 150, 150, false, null, 10))).isEmpty();
        assertThat(ids(new RangeRequest("g", null, 160, 120, false, null, 10))).isEmpty();
        assertThat(ids(new RangeRequest("g", null, 0, 1000, false, new Position(1000, "z"), 10))).isEmpty();
        assertThat(ids(new RangeRequest("other", null, 0, 1000, false, null, 10))).isEmpty();
    }

    @Test
    void changingAFieldOrTheTimeMovesTheIndexEntries() {
        store.write(List.of(write("g", "r", 10, "bob", 0)));
        store.write(List.of(write("g", "r", 20, "eve", 0)));
        assertThat(ids(new RangeRequest("g", BOB, 0, 100, false, null, 10))).isEmpty();
        assertThat(store.range(new RangeRequest("g", new Query.Term("sender", "eve"), 0, 100, false, null, 10)))
                .extracting(StoredRecord::time).containsExactly(20L);
        assertThat(store.range(new RangeRequest("g", null, 0, 100, false, null, 10))).extracting(StoredRecord::time).containsExactly(20L);
        assertThat(store.indexEntries()).isEqualTo(2);
    }

    @Test
    void deleteRemovesTheValueAndEveryIndexEntry() {
        tenRecords();
        assertThat(store.delete(List.of(Key.of("g", "r1"), Key.of("g", "nope")))).isEqualTo(1);
        assertThat(store.indexEntries()).isEqualTo(18);
        assertThat(store.read(List.of(Key.of("g", "r1")), 0)).isEmpty();
    }

    @Test
    void retentionKeepsTheNewestOfEachWrittenPartition() {
        MemoryStore capped = (MemoryStore) backend.open(Stores.partitioned("capped", Retention.keepNewest(3)), clock);
        capped.write(IntStream.range(0, 10).mapToObj(i -> write("g", "r" + i, 100 + i, "bob", 0)).toList());
        capped.write(List.of(write("h", "x", 1, "bob", 0)));
        assertThat(capped.range(new RangeRequest("g", null, 0, 1000, false, null, 100))).extracting(s -> s.key().id())
                .containsExactly("r7", "r8", "r9");
        assertThat(capped.indexEntries()).isEqualTo(2 * 4);
        assertThat(capped.recordCount()).isEqualTo(4);
    }

    @Test
    void conditionalWriteAppliesOnlyAtTheExpectedVersion() {
        Key k = Key.of("g", "r");
        store.write(List.of(withExpected(write("g", "r", 1, "bob", 0), Version.ABSENT)));
        Version v1 = Version.of("bob".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.write(List.of(withExpected(write("g", "r", 1, "eve", 0), Version.ABSENT))))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.key()).isEqualTo(k));
        store.write(List.of(withExpected(write("g", "r", 2, "eve", 0), v1)));
        assertThat(text(store.read(List.of(k), 0).get(0).value())).isEqualTo("eve");
        assertThat(ids(new RangeRequest("g", BOB, 0, 100, false, null, 10))).isEmpty();
    }

    @Test
    void conflictingBatchAppliesTheOthersThenRaises() {
        store.write(List.of(write("g", "taken", 1, "bob", 0)));
        List<RecordWrite> batch = List.of(write("g", "a", 1, "bob", 0), withExpected(write("g", "taken", 2, "eve", 0), Version.ABSENT),
                write("g", "b", 1, "bob", 0));
        assertThatThrownBy(() -> store.write(batch)).isInstanceOf(ConflictException.class);
        assertThat(store.read(List.of(Key.of("g", "a"), Key.of("g", "taken"), Key.of("g", "b")), 0))
                .extracting(r -> text(r.value())).containsExactly("bob", "bob", "bob");
    }

    @Test
    void recordsSayWhereTheyLive() {
        store.write(List.of(write("g", "r", 1, "bob", 0)));
        assertThat(store.read(List.of(Key.of("g", "r")), 0).get(0).location()).isEqualTo("memory:s:g/r");
    }

    @Test
    void unindexKeepsEntriesTheRecordStillCarries() {
        store.write(List.of(write("g", "r", 1, "bob", 0)));
        store.unindex(List.of(new IndexEntry(Key.of("g", "r"), BOB, 1, Version.ABSENT), new IndexEntry(Key.of("g", "gone"), BOB, 1, Version.ABSENT)));
        assertThat(ids(new RangeRequest("g", BOB, 0, 100, false, null, 10))).containsExactly("r");
        assertThat(store.indexEntries()).isEqualTo(2);
    }

    @Test
    void scanAllWalksEveryLiveRecordLazily() {
        tenRecords();
        try (var all = store.scanAll(3)) {
            assertThat(all.map(r -> r.key().id())).containsExactlyInAnyOrder(IntStream.range(0, 10).mapToObj(i -> "r" + i)
                    .toArray(String[]::new));
        }
    }

    @Test
    void openingANameTwiceGivesTheSameStore() {
        assertThat(backend.open(Stores.partitioned("s"), clock)).isSameAs(store);
        assertThatThrownBy(() -> backend.open(Stores.partitioned("s", Retention.keepNewest(5)), clock))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'s'");
    }

    @Test
    void healthReportsTheStoreAndTheBackend() {
        tenRecords();
        Health h = store.health();
        assertThat(h.status()).isEqualTo(Health.Status.UP);
        assertThat(h.details()).containsEntry("backend", "memory").containsEntry("store", "s")
                .containsEntry("store records", "10").containsEntry("index entries", "20").containsKey("snapshot");
    }

    @Test
    void aClosedBackendRefusesWork() {
        backend.close();
        assertThatThrownBy(() -> store.read(List.of(Key.of("g", "r")), 0)).isInstanceOf(StorageException.class)
                .hasMessageContaining("closed");
        assertThat(backend.health().status()).isEqualTo(Health.Status.DOWN);
    }

    private static RecordWrite withExpected(RecordWrite w, Version expected) {
        return new RecordWrite(w.key(), w.value(), w.time(), w.terms(), w.expireAtMillis(), expected);
    }
}
