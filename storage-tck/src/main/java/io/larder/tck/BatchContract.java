package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.DataSize;
import io.larder.Key;
import io.larder.Query;
import io.larder.RecordTooLargeException;
import io.larder.Storage;
import io.larder.testkit.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batches: saveAll, loadAll, deleteAll. */
public interface BatchContract extends ContractFixture {

    private static List<Note> batch(int n, String group) {
        return IntStream.range(0, n).mapToObj(i -> Note.of("b" + i, group, "u" + (i % 7), T0 + i)).toList();
    }

    @Test
    default void saveAllReturnsIdsInOrder() {
        List<Note> records = batch(250, "g1");
        assertThat(notes().saveAll(records)).containsExactlyElementsOf(records.stream().map(Note::id).toList());
    }

    @Test
    default void saveAllThenLoadAllRoundTripsAcrossChunks() {
        Storage<Note> notes = notes();
        List<Note> records = batch(250, "g1");
        notes.saveAll(records);
        Map<Key, Note> loaded = notes.loadAll(records.stream().map(notes::keyOf).toList());
        assertThat(loaded.values()).containsExactlyElementsOf(records);
    }

    @Test
    default void saveAllGivesIdsToRecordsWithout() {
        Storage<Note> notes = notes();
        List<String> ids = notes.saveAll(batch(20, "g1").stream().map(Note::withoutId).toList());
        assertThat(ids).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(notes.loadAll(ids.stream().map(id -> key("g1", id)).toList())).hasSize(20);
    }

    @Test
    default void aBigBatchGetsItsIdsInItsOrderAndEachRecordItsOwn() {
        // big enough for the core to encode it on more than one thread where it can
        Storage<Note> notes = notes();
        List<Note> records = IntStream.range(0, 1500)
                .mapToObj(i -> Note.of(null, "g1", "u" + (i % 7), T0 + i).saying("note " + i)).toList();
        List<String> ids = notes.saveAll(records);
        assertThat(ids).hasSize(1500).doesNotHaveDuplicates().isSorted();
        Map<Key, Note> loaded = notes.loadAll(ids.stream().map(id -> key("g1", id)).toList());
        for (int i = 0; i < records.size(); i++) {
            Note r = records.get(i);
            assertThat(loaded.get(key("g1", ids.get(i))))
                    .isEqualTo(new Note(ids.get(i), r.group(), r.author(), r.kind(), r.at(), r.expiresAt(), r.mood(), r.text(), r.tags()));
        }
    }

    @Test
    default void loadAllLeavesMissingKeysOut() {
        Storage<Note> notes = notes();
        notes.saveAll(batch(3, "g1"));
        Map<Key, Note> found = notes.loadAll(List.of(key("g1", "b0"), key("g1", "missing"), key("g1", "b2")));
        assertThat(found).containsOnlyKeys(key("g1", "b0"), key("g1", "b2")).doesNotContainValue(null);
    }

    @Test
    default void loadAllKeepsTheRequestOrder() {
        Storage<Note> notes = notes();
        notes.saveAll(batch(5, "g1"));
        List<Key> asked = List.of(key("g1", "b4"), key("g1", "b0"), key("g1", "b3"));
        assertThat(notes.loadAll(asked).keySet()).containsExactlyElementsOf(asked);
    }

    @Test
    default void loadAllAnswersARepeatedKeyOnce() {
        Storage<Note> notes = notes();
        notes.saveAll(batch(2, "g1"));
        assertThat(notes.loadAll(List.of(key("g1", "b0"), key("g1", "b0"), key("g1", "b1")))).hasSize(2);
    }

    @Test
    default void loadAllAcrossPartitions() {
        Storage<Note> notes = notes();
        List<Note> all = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            all.addAll(batch(30, "g" + g));
        }
        notes.saveAll(all);
        assertThat(notes.loadAll(all.stream().map(notes::keyOf).toList())).hasSize(300);
    }

    @Test
    default void emptyBatchesDoNothing() {
        Storage<Note> notes = notes();
        assertThat(notes.saveAll(List.of())).isEmpty();
        assertThat(notes.loadAll(List.of())).isEmpty();
        assertThat(notes.deleteAll(List.of())).isZero();
    }

    @Test
    default void deleteAllCountsTheRecordsThatExisted() {
        Storage<Note> notes = notes();
        notes.saveAll(batch(150, "g1"));
        List<Key> keys = new ArrayList<>(batch(150, "g1").stream().map(notes::keyOf).toList());
        keys.add(key("g1", "missing"));
        assertThat(notes.deleteAll(keys)).isEqualTo(150);
        assertThat(notes.list(Query.in("group", "g1")).items()).isEmpty();
    }

    @Test
    default void saveAllWithOneOversizedRecordWritesNothing() {
        Storage<Note> notes = larder().store(noteSpec().maxValueSize(DataSize.ofBytes(4096)).build());
        List<Note> records = new ArrayList<>(batch(10, "g1"));
        records.add(Note.of("huge", "g1", "alice", T0).saying(ContractFixture.incompressible(20_000)));
        assertThatThrownBy(() -> notes.saveAll(records)).isInstanceOf(RecordTooLargeException.class);
        assertThat(notes.list(Query.in("group", "g1")).items()).isEmpty();
    }

    @Test
    default void saveAllRefusedPastTheFirstPipelineWritesNothingOfTheBatch() {
        // 2500 records are three pipeline windows (batch.max-pipeline is 1000): the refusal comes after
        // two windows' worth of records were encoded, and still none of the batch is stored
        Storage<Note> notes = larder().store(noteSpec().maxValueSize(DataSize.ofBytes(4096)).build());
        List<Note> records = new ArrayList<>(batch(2500, "g1"));
        records.set(2100, records.get(2100).saying(ContractFixture.incompressible(20_000)));
        assertThatThrownBy(() -> notes.saveAll(records)).isInstanceOfSatisfying(RecordTooLargeException.class,
                e -> assertThat(e.key()).isEqualTo(key("g1", "b2100")));
        assertThat(notes.loadAll(records.stream().map(notes::keyOf).toList())).isEmpty();
        assertThat(notes.list(Query.in("group", "g1")).items()).isEmpty();
    }

    @Test
    default void saveAllIsAnUpsertPerRecord() {
        Storage<Note> notes = notes();
        notes.saveAll(batch(5, "g1"));
        notes.saveAll(batch(5, "g1").stream().map(n -> n.saying("again")).toList());
        assertThat(notes.list(Query.in("group", "g1")).items()).hasSize(5).extracting(Note::text).containsOnly("again");
    }

    @Test
    default void insertAllStoresTheAbsentKeysAndLeavesStoredRecordsAsTheyAre() {
        Storage<Note> notes = notes();
        notes.saveAll(batch(300, "g1").subList(0, 150).stream().map(n -> n.saying("old")).toList());
        List<Note> arriving = batch(300, "g1").stream().map(n -> n.saying("new")).toList();
        List<Key> stored = notes.insertAll(arriving);
        assertThat(stored).containsExactlyElementsOf(arriving.subList(150, 300).stream().map(notes::keyOf).toList());
        Map<Key, Note> loaded = notes.loadAll(arriving.stream().map(notes::keyOf).toList());
        assertThat(loaded).hasSize(300);
        assertThat(loaded.values()).extracting(Note::text).containsExactlyElementsOf(IntStream.range(0, 300)
                .mapToObj(i -> i < 150 ? "old" : "new").toList());
        assertThat(notes.insertAll(arriving)).isEmpty();
    }

    @Test
    default void insertAllOfOneKeyTwiceStoresItsFirstRecord() {
        Storage<Note> notes = notes();
        List<Key> stored = notes.insertAll(List.of(Note.of("n1", "g1", "alice", T0).saying("first"),
                Note.of("n1", "g2", "bob", T0 + 1), Note.of("n1", "g1", "alice", T0 + 2).saying("second")));
        assertThat(stored).containsExactly(key("g1", "n1"), key("g2", "n1"));
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("first");
    }

    @Test
    default void insertAllGivesIdsToRecordsWithoutAndStoresThem() {
        Storage<Note> notes = notes();
        List<Key> keys = notes.insertAll(batch(20, "g1").stream().map(Note::withoutId).toList());
        assertThat(keys).hasSize(20).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k.partition()).isEqualTo("g1"));
        assertThat(notes.loadAll(keys)).hasSize(20);
    }

    @Test
    default void concurrentInsertersStoreEachKeyOnceAndEachIsToldWhetherItWasTheirs() throws Exception {
        Storage<Note> notes = notes();
        int writers = 4;
        List<List<Key>> told = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            told.add(List.of());
        }
        ContractFixture.runConcurrently(writers, w -> {
            List<Note> mine = batch(120, "g1").stream().map(n -> n.saying("writer " + w)).toList();
            told.set(w, notes.insertAll(mine));
        });
        List<Key> all = told.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(120).doesNotHaveDuplicates();
        for (int w = 0; w < writers; w++) {
            for (Key k : told.get(w)) {
                assertThat(notes.load(k)).get().extracting(Note::text).isEqualTo("writer " + w);
            }
        }
    }
}
