package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Key;
import io.larder.Page;
import io.larder.Query;
import io.larder.QueryNotSupportedException;
import io.larder.Retention;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.testkit.Note;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Listing: partition, index equality, time range, order, limit; what is refused. */
public interface ListingContract extends ContractFixture {

    /** Ten notes in g1 at T0..T0+9 by alice (even) and bob (odd), kinds text/image alternating by three. */
    private Storage<Note> tenNotes() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 10).mapToObj(i -> Note.of("n" + i, "g1", i % 2 == 0 ? "alice" : "bob", T0 + i)
                .ofKind(i % 3 == 0 ? "image" : "text")).toList());
        notes.save(Note.of("other", "g2", "alice", T0));
        return notes;
    }

    private static List<String> ids(Page<Note> page) {
        return page.items().stream().map(Note::id).toList();
    }

    @Test
    default void listGivesThePartitionOldestFirst() {
        assertThat(ids(tenNotes().list(Query.in("group", "g1"))))
                .containsExactly("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9");
    }

    @Test
    default void listGivesNewestFirstWhenAsked() {
        assertThat(ids(tenNotes().list(Query.in("group", "g1").newestFirst().limit(3)))).containsExactly("n9", "n8", "n7");
    }

    @Test
    default void timeRangeIncludesItsStartAndExcludesItsEnd() {
        assertThat(ids(tenNotes().list(Query.in("group", "g1").betweenMillis(T0 + 2, T0 + 5)))).containsExactly("n2", "n3", "n4");
    }

    @Test
    default void timeRangeTakesInstants() {
        Query q = Query.in("group", "g1").between(Instant.ofEpochMilli(T0 + 8), Instant.ofEpochMilli(T0 + 100));
        assertThat(ids(tenNotes().list(q))).containsExactly("n8", "n9");
    }

    @Test
    default void timeRangeNewestFirst() {
        assertThat(ids(tenNotes().list(Query.in("group", "g1").betweenMillis(T0 + 2, T0 + 5).newestFirst())))
                .containsExactly("n4", "n3", "n2");
    }

    @Test
    default void limitCapsThePage() {
        Page<Note> page = tenNotes().list(Query.in("group", "g1").limit(4));
        assertThat(ids(page)).containsExactly("n0", "n1", "n2", "n3");
        assertThat(page.hasNext()).isTrue();
    }

    @Test
    default void lastPageHasNoCursor() {
        assertThat(tenNotes().list(Query.in("group", "g1").limit(10)).next()).isEmpty();
    }

    @Test
    default void emptyPartitionListsNothing() {
        Page<Note> page = tenNotes().list(Query.in("group", "nobody"));
        assertThat(page.items()).isEmpty();
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    default void listByAnIndexedField() {
        assertThat(ids(tenNotes().list(Query.in("group", "g1").where("author", "bob")))).containsExactly("n1", "n3", "n5", "n7", "n9");
    }

    @Test
    default void listByTwoIndexedFields() {
        assertThat(ids(tenNotes().list(Query.in("group", "g1").where("author", "alice").where("kind", "image"))))
                .containsExactly("n0", "n6");
    }

    @Test
    default void listByIndexedFieldWithinRangeNewestFirst() {
        assertThat(ids(tenNotes().list(Query.in("group", "g1").where("author", "alice").betweenMillis(T0 + 1, T0 + 7).newestFirst())))
                .containsExactly("n6", "n4", "n2");
    }

    @Test
    default void indexedValueWithoutMatchesListsNothing() {
        assertThat(tenNotes().list(Query.in("group", "g1").where("author", "carol")).items()).isEmpty();
    }

    @Test
    default void changingAnIndexedFieldMovesTheRecordToItsNewValue() {
        Storage<Note> notes = tenNotes();
        notes.save(Note.of("n1", "g1", "alice", T0 + 1).ofKind("text"));
        assertThat(ids(notes.list(Query.in("group", "g1").where("author", "bob")))).containsExactly("n3", "n5", "n7", "n9");
        assertThat(ids(notes.list(Query.in("group", "g1").where("author", "alice").limit(3)))).containsExactly("n0", "n1", "n2");
    }

    @Test
    default void changingTheTimeMovesTheRecordInTheTimeline() {
        Storage<Note> notes = tenNotes();
        notes.save(Note.of("n0", "g1", "alice", T0 + 50).ofKind("image"));
        assertThat(ids(notes.list(Query.in("group", "g1").newestFirst().limit(2)))).containsExactly("n0", "n9");
        assertThat(ids(notes.list(Query.in("group", "g1").where("kind", "image")))).containsExactly("n3", "n6", "n9", "n0");
    }

    @Test
    default void filterOnAnUnindexedFieldIsRefused() {
        assertThatThrownBy(() -> tenNotes().list(Query.in("group", "g1").where("mood", "calm")))
                .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining("mood").hasMessageContaining("indexed");
    }

    @Test
    default void filterOnAnUnindexedFieldIsAnsweredWhenAScanIsAllowed() {
        Storage<Note> notes = tenNotes();
        notes.save(Note.of("n4", "g1", "alice", T0 + 4).feeling("happy"));
        assertThat(ids(notes.list(Query.in("group", "g1").where("mood", "happy").allowScan()))).containsExactly("n4");
    }

    @Test
    default void filterOnAFieldTheTypeLacksIsRefused() {
        assertThatThrownBy(() -> tenNotes().list(Query.in("group", "g1").where("colour", "red").allowScan()))
                .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining("colour");
    }

    @Test
    default void listWithoutPartitionOnAPartitionedStoreIsRefused() {
        assertThatThrownBy(() -> tenNotes().list(Query.all()))
                .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining("group");
    }

    @Test
    default void listNamingAnotherPartitionFieldIsRefused() {
        assertThatThrownBy(() -> tenNotes().list(Query.in("author", "alice")))
                .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining("group");
    }

    @Test
    default void unpartitionedStoreListsEverything() {
        Storage<Note> flat = larder().store(StoreSpec.builder(freshName(), Note.class).time("at").index("author").build());
        flat.saveAll(IntStream.range(0, 5).mapToObj(i -> Note.of("f" + i, "g" + i, "alice", T0 + i)).toList());
        assertThat(ids(flat.list(Query.all().newestFirst()))).containsExactly("f4", "f3", "f2", "f1", "f0");
        assertThat(flat.list(Query.all().where("author", "alice")).items()).hasSize(5);
    }

    @Test
    default void storeWithoutTimeFieldListsInWriteOrder() {
        Storage<Note> flat = larder().store(StoreSpec.builder(freshName(), Note.class).build());
        for (int i = 0; i < 3; i++) {
            flat.save(Note.of("w" + i, "g", "alice", T0 - i));
            clock().advance(Duration.ofMillis(2));
        }
        assertThat(ids(flat.list(Query.all()))).containsExactly("w0", "w1", "w2");
    }

    @Test
    default void retentionKeepsTheNewestRecordsOfEachPartition() {
        Storage<Note> capped = larder().store(noteSpec().retention(Retention.keepNewest(5)).build());
        capped.saveAll(IntStream.range(0, 12).mapToObj(i -> Note.of("n" + i, "g1", "alice", T0 + i)).toList());
        capped.save(Note.of("x", "g2", "alice", T0));
        assertThat(ids(capped.list(Query.in("group", "g1")))).containsExactly("n7", "n8", "n9", "n10", "n11");
        assertThat(capped.load(ContractFixture.key("g1", "n0"))).isEmpty();
        assertThat(capped.list(Query.in("group", "g1").where("author", "alice")).items()).hasSize(5);
        assertThat(capped.list(Query.in("group", "g2")).items()).hasSize(1);
    }

    @Test
    default void retentionByAgeHidesRecordsFromTheInstantTheyAgeAndCombinesWithTheCap() {
        Storage<Note> room = larder().store(noteSpec().retention(Retention.keepNewest(5).withMaxAge(tick().multipliedBy(3)))
                .build());
        long now = clock().millis();
        long tick = tick().toMillis();
        // a server's clock runs while the test does: the records kept are 1 tick old, 2 ticks short of their age
        room.save(Note.of("ancient", "g1", "alice", now - 4 * tick));
        room.saveAll(IntStream.range(0, 8).mapToObj(i -> Note.of("n" + i, "g1", "alice", now - tick + i)).toList());
        assertThat(room.load(ContractFixture.key("g1", "ancient"))).as("written already past its age").isEmpty();
        assertThat(ids(room.list(Query.in("group", "g1")))).containsExactly("n3", "n4", "n5", "n6", "n7");
        assertThat(ids(room.list(Query.in("group", "g1").where("author", "alice").newestFirst().limit(2))))
                .containsExactly("n7", "n6");

        advance(3);
        // timed a tick ahead: the checks below must not outlast its age even on a stalled machine (a server's clock runs on)
        // and where it could not (a scan of a shared server on a loaded machine), what must still be there is
        // checked only while it is younger than its age; that g1's records are gone is checked always
        long stamped = clock().millis();
        room.save(Note.of("other", "g2", "bob", stamped + tick));
        assertThat(room.list(Query.in("group", "g1")).items()).as("every record of g1 is now over 3 ticks old").isEmpty();
        assertThat(room.load(ContractFixture.key("g1", "n7"))).isEmpty();
        Map<Key, Note> loaded = room.loadAll(List.of(ContractFixture.key("g1", "n6"), ContractFixture.key("g2", "other")));
        if (within(stamped, 4)) {
            assertThat(loaded).containsOnlyKeys(ContractFixture.key("g2", "other"));
        } else {
            assertThat(loaded).doesNotContainKey(ContractFixture.key("g1", "n6"));
        }
        List<String> scanned;
        try (Stream<Note> all = room.scan(Query.all())) {
            scanned = all.map(Note::id).toList();
        }
        if (within(stamped, 4)) {
            assertThat(scanned).containsExactly("other");
        } else {
            assertThat(scanned).isSubsetOf("other");
        }
        room.save(Note.of("fresh", "g1", "carol", clock().millis()));
        assertThat(ids(room.list(Query.in("group", "g1")))).containsExactly("fresh");
    }
}
