package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.DataSize;
import io.larder.Key;
import io.larder.Query;
import io.larder.RecordTooLargeException;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.testkit.Note;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Saving, loading and deleting single records. */
public interface CrudContract extends ContractFixture {

    @Test
    default void savedRecordLoadsEqual() {
        Storage<Note> notes = notes();
        Note n = Note.of("n1", "g1", "alice", T0);
        notes.save(n);
        assertThat(notes.load(key("g1", "n1"))).contains(n);
    }

    @Test
    default void saveReturnsTheRecordsId() {
        assertThat(notes().save(Note.of("n1", "g1", "alice", T0))).isEqualTo("n1");
    }

    @Test
    default void recordWithoutIdGetsTimeOrderedId() {
        Storage<Note> notes = notes();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(notes.save(Note.of("n" + i, "g1", "alice", T0 + i).withoutId()));
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted().allSatisfy(id -> assertThat(id).hasSize(26));
        assertThat(notes.load(key("g1", ids.get(0)))).get().extracting(Note::id).isEqualTo(ids.get(0));
    }

    @Test
    default void missingRecordLoadsEmpty() {
        assertThat(notes().load(key("g1", "nope"))).isEmpty();
    }

    @Test
    default void saveOverwritesTheRecordWithTheSameKey() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        notes.save(Note.of("n1", "g1", "alice", T0).saying("changed"));
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("changed");
    }

    @Test
    default void deleteRemovesTheRecord() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        assertThat(notes.delete(key("g1", "n1"))).isTrue();
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void deleteOfMissingRecordReportsFalse() {
        assertThat(notes().delete(key("g1", "nope"))).isFalse();
    }

    @Test
    default void sameIdInTwoPartitionsIsTwoRecords() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0).saying("one"));
        notes.save(Note.of("n1", "g2", "alice", T0).saying("two"));
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("one");
        assertThat(notes.load(key("g2", "n1"))).get().extracting(Note::text).isEqualTo("two");
    }

    @Test
    default void keyOfNamesPartitionAndId() {
        assertThat(notes().keyOf(Note.of("n1", "g1", "alice", T0))).isEqualTo(Key.of("g1", "n1"));
    }

    @Test
    default void partitionedStoreRefusesKeyWithoutPartition() {
        assertThatThrownBy(() -> notes().load(Key.of("n1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitioned");
    }

    @Test
    @SuppressWarnings("NullAway") // a note without its partition value, on purpose: the store must refuse it
    default void recordWithoutPartitionValueIsRefused() {
        Note orphan = new Note("n1", null, "alice", "text", T0, null, "calm", "x", List.of());
        assertThatThrownBy(() -> notes().save(orphan))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
    }

    @Test
    @SuppressWarnings("NullAway") // saves null on purpose: the store must refuse it
    default void nullRecordIsRefused() {
        assertThatThrownBy(() -> notes().save(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    default void unpartitionedStoreSavesAndLoadsById() {
        Storage<Note> flat = larder().store(StoreSpec.builder(freshName(), Note.class).time("at").build());
        flat.save(Note.of("n1", "g1", "alice", T0));
        assertThat(flat.load(Key.of("n1"))).get().extracting(Note::group).isEqualTo("g1");
    }

    @Test
    default void twoStoresWithTheSameIdsAreIsolated() {
        Storage<Note> a = notes();
        Storage<Note> b = notes();
        a.save(Note.of("n1", "g1", "alice", T0));
        assertThat(b.load(key("g1", "n1"))).isEmpty();
        assertThat(b.list(Query.in("group", "g1")).items()).isEmpty();
    }

    @Test
    default void unicodeAndEmojiSurviveTheRoundTrip() {
        Storage<Note> notes = notes();
        Note n = Note.of("消息-1", "群 123", "小明", T0).saying("今天天气真好 🌞🎉 \u0000 \"quoted\" \\ 𠜎");
        notes.save(n);
        assertThat(notes.load(key("群 123", "消息-1"))).contains(n);
    }

    @Test
    default void partitionWithBracesAndColonsStaysItsOwnPartition() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "a}:{b", "alice", T0));
        notes.save(Note.of("n1", "a", "alice", T0));
        assertThat(notes.list(Query.in("group", "a}:{b")).items()).extracting(Note::group).containsExactly("a}:{b");
        assertThat(notes.load(key("a}:{b", "n1"))).isPresent();
    }

    @Test
    default void megabyteValueRoundTrips() {
        Storage<Note> notes = notes();
        Note big = Note.of("big", "g1", "alice", T0).saying("数据".repeat(300_000));
        notes.save(big);
        assertThat(notes.load(key("g1", "big"))).contains(big);
    }

    @Test
    default void recordOverTheSizeLimitIsRefusedAndNothingIsWritten() {
        Storage<Note> notes = larder().store(noteSpec().maxValueSize(DataSize.ofBytes(2048)).build());
        notes.save(Note.of("n1", "g1", "alice", T0).saying("small"));
        assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "alice", T0).saying(ContractFixture.incompressible(10_000))))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("n1")
                .satisfies(e -> assertThat(((RecordTooLargeException) e).key()).isEqualTo(key("g1", "n1")));
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("small");
    }

    @Test
    default void mapRecordsAreStoredToo() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Storage<Map<String, Object>> maps = (Storage) larder().store(
                StoreSpec.builder(freshName(), Map.class).partitionBy("room_id").time("ts").index("kind").build());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "m1");
        m.put("room_id", "r1");
        m.put("ts", T0);
        m.put("kind", "text");
        m.put("body", "你好");
        maps.save(m);
        assertThat(maps.load(Key.of("r1", "m1"))).get().satisfies(loaded -> {
            assertThat(loaded.get("body")).isEqualTo("你好");
            assertThat(loaded.get("ts")).isInstanceOfSatisfying(Number.class, ts -> assertThat(ts.longValue()).isEqualTo(T0));
        });
        assertThat(maps.list(Query.in("room_id", "r1").where("kind", "text")).items()).hasSize(1);
    }

    @Test
    default void aRecordTheCodecCannotEncodeIsRefusedByKeyAndNothingOfItsBatchIsWritten() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Storage<Map<String, Object>> maps = (Storage) larder().store(
                StoreSpec.builder(freshName(), Map.class).partitionBy("room_id").time("ts").index("kind").build());
        Map<String, Object> good = new LinkedHashMap<>(Map.of("id", "m1", "room_id", "r1", "ts", T0, "kind", "text"));
        Map<String, Object> bad = new LinkedHashMap<>(Map.of("id", "m2", "room_id", "r1", "ts", T0 + 1, "kind", "text"));
        bad.put("body", new Object());          // Jackson has no serializer for a bare Object
        assertThatThrownBy(() -> maps.save(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r1/m2").hasMessageContaining("cannot be encoded");
        assertThatThrownBy(() -> maps.saveAll(List.of(good, bad))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r1/m2");
        assertThat(maps.loadAll(List.of(Key.of("r1", "m1"), Key.of("r1", "m2")))).isEmpty();
    }

    @Test
    default void mapRecordWithoutIdGetsOne() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Storage<Map<String, Object>> maps = (Storage) larder().store(StoreSpec.builder(freshName(), Map.class).build());
        String id = maps.save(new LinkedHashMap<>(Map.of("body", "x")));
        assertThat(maps.load(Key.of(id))).get().satisfies(m -> assertThat(m.get("id")).isEqualTo(id));
    }
}
