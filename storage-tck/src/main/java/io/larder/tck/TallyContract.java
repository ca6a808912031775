package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Key;
import io.larder.Layout;
import io.larder.Query;
import io.larder.QueryNotSupportedException;
import io.larder.Retention;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.TermTally;
import io.larder.testkit.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Storage#tally}: how many records a partition holds under an indexed value, and the first
 * and last of their times, kept with every write. Where an adapter may count a deleted or moved
 * record until its stale index entry is repaired (the records layout on Redis), a check first reads
 * the old value's range, which repairs what it walks.
 */
public interface TallyContract extends ContractFixture {

    private static Optional<TermTally> by(Storage<Note> notes, String group, String author) {
        return notes.tally(group, "author", author);
    }

    private static TermTally tally(long count, long first, long last) {
        return TermTally.ofMillis(count, first, last);
    }

    /** Walks every entry of one author's range in {@code group}: stale entries met there are repaired. */
    private static void readAll(Storage<Note> notes, String group, String author) {
        try (var all = notes.scan(Query.in("group", group).where("author", author).limit(Query.MAX_LIMIT))) {
            all.forEach(n -> { });
        }
    }

    @Test
    default void aTallyCountsAValuesRecordsAndTheirFirstAndLastTimes() {
        Storage<Note> notes = notes();
        notes.saveAll(List.of(Note.of("a1", "g1", "alice", T0 + 5), Note.of("a2", "g1", "alice", T0 + 1),
                Note.of("b1", "g1", "bob", T0 + 3), Note.of("a3", "g2", "alice", T0 + 9)));
        notes.save(Note.of("a4", "g1", "alice", T0 + 7));
        assertThat(by(notes, "g1", "alice")).contains(tally(3, T0 + 1, T0 + 7));
        assertThat(by(notes, "g1", "bob")).contains(tally(1, T0 + 3, T0 + 3));
        assertThat(by(notes, "g2", "alice")).contains(tally(1, T0 + 9, T0 + 9));
        assertThat(by(notes, "g2", "bob")).isEmpty();
        assertThat(by(notes, "nowhere", "alice")).isEmpty();
        assertThat(notes.tally("g1", "kind", "text")).contains(tally(4, T0 + 1, T0 + 7));
    }

    @Test
    default void savingARecordAgainCountsItOnce() {
        Storage<Note> notes = notes();
        Note n = Note.of("a1", "g1", "alice", T0);
        notes.save(n);
        notes.save(n.saying("edited"));
        notes.saveAll(List.of(n, n.saying("twice in one batch"), Note.of("a2", "g1", "alice", T0 + 1),
                Note.of("a2", "g1", "alice", T0 + 1).saying("again")));
        notes.update(key("g1", "a1"), x -> x.saying("updated"));
        assertThat(by(notes, "g1", "alice")).contains(tally(2, T0, T0 + 1));
    }

    @Test
    default void aRecordMovedToAnotherValueIsCountedThere() {
        Storage<Note> notes = notes();
        notes.saveAll(List.of(Note.of("a1", "g1", "alice", T0), Note.of("a2", "g1", "alice", T0 + 1)));
        notes.save(Note.of("a1", "g1", "alice", T0).byAuthor("bob"));
        readAll(notes, "g1", "alice");
        assertThat(by(notes, "g1", "alice").map(TermTally::count)).contains(1L);
        assertThat(by(notes, "g1", "bob")).contains(tally(1, T0, T0));
    }

    @Test
    default void deletesLowerTheCountAndTheLastDeleteEndsTheTally() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 5).mapToObj(i -> Note.of("a" + i, "g1", "alice", T0 + i)).toList());
        notes.delete(key("g1", "a0"));
        notes.deleteAll(List.of(key("g1", "a1"), key("g1", "a2"), key("g1", "missing")));
        readAll(notes, "g1", "alice");
        TermTally left = by(notes, "g1", "alice").orElseThrow();
        assertThat(left.count()).isEqualTo(2);
        assertThat(left.first().toEpochMilli()).isLessThanOrEqualTo(T0 + 3);
        assertThat(left.last().toEpochMilli()).isGreaterThanOrEqualTo(T0 + 4);
        notes.deleteAll(List.of(key("g1", "a3"), key("g1", "a4")));
        readAll(notes, "g1", "alice");
        assertThat(by(notes, "g1", "alice")).isEmpty();
        notes.save(Note.of("again", "g1", "alice", T0 + 50));
        assertThat(by(notes, "g1", "alice")).contains(tally(1, T0 + 50, T0 + 50));
    }

    @Test
    default void bigBatchesLateRecordsAndRepeatsAreCountedExactly() {
        Storage<Note> notes = notes();
        // 600 at once: past an archive's chunk, so they are sealed in one commit instead of appended
        notes.saveAll(IntStream.range(0, 600).mapToObj(i -> Note.of("n" + i, "g1", i % 3 == 0 ? "carol" : "dave",
                T0 + 1000 + i)).toList());
        // older than all of them (an archive rewrites its chunks), some repeated, some new
        List<Note> late = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            late.add(Note.of("old" + i, "g1", "carol", T0 + i));
            late.add(Note.of("n" + i, "g1", i % 3 == 0 ? "carol" : "dave", T0 + 1000 + i));
        }
        notes.saveAll(late);
        // newer ones, appended to the open tail
        notes.saveAll(IntStream.range(0, 30).mapToObj(i -> Note.of("new" + i, "g1", "carol", T0 + 5000 + i)).toList());
        assertThat(by(notes, "g1", "carol")).contains(tally(200 + 50 + 30, T0, T0 + 5029));
        assertThat(by(notes, "g1", "dave")).contains(tally(400, T0 + 1001, T0 + 1599));
        assertThat(notes.list(Query.in("group", "g1").where("author", "carol").limit(Query.MAX_LIMIT)).items())
                .hasSize(280);
    }

    @Test
    default void retentionTakesItsRecordsOutOfTheCount() {
        Storage<Note> capped = larder().store(noteSpec().retention(Retention.keepNewest(5)).build());
        capped.saveAll(IntStream.range(0, 12).mapToObj(i -> Note.of("n" + i, "g1", i % 2 == 0 ? "alice" : "bob",
                T0 + i)).toList());
        readAll(capped, "g1", "alice");
        readAll(capped, "g1", "bob");
        assertThat(by(capped, "g1", "alice").map(TermTally::count)).contains(2L);
        assertThat(by(capped, "g1", "bob").map(TermTally::count)).contains(3L);
    }

    @Test
    default void concurrentWritersLoseNoCount() throws Exception {
        Storage<Note> notes = notes();
        ContractFixture.runConcurrently(4, w -> {
            for (int b = 0; b < 5; b++) {
                int batch = b;
                notes.saveAll(IntStream.range(0, 20).mapToObj(i -> Note.of("w" + w + "-" + batch + "-" + i, "g1", "alice",
                        T0 + w * 1000 + batch * 20 + i)).toList());
                notes.save(Note.of("w" + w + "-one-" + batch, "g1", "alice", T0 + 10_000 + w * 10 + batch));
            }
        });
        assertThat(by(notes, "g1", "alice")).contains(tally(4 * 5 * 21, T0, T0 + 10_034));
    }

    @Test
    default void valuesAndPartitionsWithTagAndSeparatorCharactersAreKeptApart() {
        Storage<Note> notes = notes();
        String odd = "a {b}:\n%7D é";
        notes.saveAll(List.of(Note.of("1", "g{1}:x", odd, T0), Note.of("2", "g{1}:x", odd, T0 + 2),
                Note.of("3", "g{1}:x", "a {b}", T0 + 1), Note.of("4", "g", odd, T0 + 3)));
        assertThat(by(notes, "g{1}:x", odd)).contains(tally(2, T0, T0 + 2));
        assertThat(by(notes, "g{1}:x", "a {b}")).contains(tally(1, T0 + 1, T0 + 1));
        assertThat(by(notes, "g", odd)).contains(tally(1, T0 + 3, T0 + 3));
        assertThat(by(notes, "g{1}", odd)).isEmpty();
    }

    @Test
    default void aFieldThatIsNotIndexedOrAStoreWithoutPartitionsIsRefused() {
        Storage<Note> notes = notes();
        notes.save(Note.of("a1", "g1", "alice", T0));
        assertThatThrownBy(() -> notes.tally("g1", "mood", "calm")).isInstanceOf(QueryNotSupportedException.class)
                .hasMessageContaining("'mood' is not indexed");
        Storage<Note> flat = larder().store(StoreSpec.builder(freshName(), Note.class).time("at").index("author")
                .layout(Layout.RECORDS).build());
        assertThatThrownBy(() -> flat.tally("g1", "author", "alice")).isInstanceOf(QueryNotSupportedException.class)
                .hasMessageContaining("not partitioned");
        Storage<Note> values = larder().store(StoreSpec.builder(freshName(), Note.class).partitionBy("group")
                .layout(Layout.VALUES).build());
        assertThatThrownBy(() -> values.tally("g1", "author", "alice")).isInstanceOf(QueryNotSupportedException.class)
                .hasMessageContaining("values layout");
        assertThat(notes.load(Key.of("g1", "a1"))).isPresent();
    }
}
