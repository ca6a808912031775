package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.testkit.Note;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Cursors: whole walks, ties, and walks that stay correct while records come and go. */
public interface CursorContract extends ContractFixture {

    private static List<String> walk(Storage<Note> notes, Query query) {
        List<String> seen = new ArrayList<>();
        Query q = query;
        for (int pages = 0; pages < 10_000; pages++) {
            Page<Note> page = notes.list(q);
            page.items().forEach(n -> seen.add(n.id()));
            if (page.next().isEmpty()) {
                return seen;
            }
            q = query.after(page.next().get());
        }
        throw new AssertionError("the walk did not end");
    }

    @Test
    default void cursorWalkVisitsEveryRecordOnce() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 95).mapToObj(i -> Note.of(String.format("n%03d", i), "g1", "alice", T0 + i)).toList());
        List<String> seen = walk(notes, Query.in("group", "g1").limit(10));
        assertThat(seen).hasSize(95).doesNotHaveDuplicates().isSorted();
    }

    @Test
    default void cursorWalkNewestFirstByIndex() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 60).mapToObj(i -> Note.of(String.format("n%03d", i), "g1", i % 3 == 0 ? "bob" : "alice", T0 + i)).toList());
        List<String> seen = walk(notes, Query.in("group", "g1").where("author", "bob").newestFirst().limit(7));
        assertThat(seen).hasSize(20).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    default void recordsWithTheSameTimeArePagedByIdWithoutLoss() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 40).mapToObj(i -> Note.of(String.format("t%02d", i), "g1", "alice", T0)).toList());
        assertThat(walk(notes, Query.in("group", "g1").limit(3))).hasSize(40).doesNotHaveDuplicates().isSorted();
        assertThat(walk(notes, Query.in("group", "g1").where("author", "alice").newestFirst().limit(6)))
                .hasSize(40).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    default void cursorWalkStaysCorrectWhileRecordsAreInsertedAndDeleted() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 100).mapToObj(i -> Note.of(String.format("n%03d", i * 10), "g1", "alice", T0 + i * 10L)).toList());
        Set<String> deleted = new HashSet<>();
        List<String> seen = new ArrayList<>();
        Query query = Query.in("group", "g1").limit(9);
        Query q = query;
        int round = 0;
        while (true) {
            Page<Note> page = notes.list(q);
            page.items().forEach(n -> seen.add(n.id()));
            // between pages: add records before and after the cursor, delete some not yet seen and some seen
            notes.save(Note.of("early" + round, "g1", "alice", T0 - 1000 + round));
            notes.save(Note.of("late" + round, "g1", "alice", T0 + 5000 + round));
            for (int i = round * 4 + 1; i < 100; i += 25) {
                String id = String.format("n%03d", i * 10);
                notes.delete(ContractFixture.key("g1", id));
                deleted.add(id);
            }
            round++;
            if (page.next().isEmpty()) {
                break;
            }
            q = query.after(page.next().get());
        }
        Set<String> stable = new HashSet<>();
        IntStream.range(0, 100).mapToObj(i -> String.format("n%03d", i * 10)).filter(id -> !deleted.contains(id)).forEach(stable::add);
        assertThat(deleted).isNotEmpty();
        assertThat(seen).doesNotHaveDuplicates().containsAll(stable);
        assertThat(seen).noneMatch(id -> id.startsWith("early"));
    }

    @Test
    default void cursorOfTheOtherOrderIsRefused() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 5).mapToObj(i -> Note.of("n" + i, "g1", "alice", T0 + i)).toList());
        String cursor = notes.list(Query.in("group", "g1").limit(2)).next().orElseThrow();
        assertThatThrownBy(() -> notes.list(Query.in("group", "g1").newestFirst().after(cursor)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order");
    }

    @Test
    default void malformedCursorIsRefused() {
        assertThatThrownBy(() -> notes().list(Query.in("group", "g1").after("not a cursor!")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    @Test
    default void cursorSurvivesTheDeletionOfItsOwnRecord() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 6).mapToObj(i -> Note.of("n" + i, "g1", "alice", T0 + i)).toList());
        Page<Note> first = notes.list(Query.in("group", "g1").limit(3));
        notes.delete(ContractFixture.key("g1", "n2"));
        Page<Note> second = notes.list(Query.in("group", "g1").limit(3).after(first.next().orElseThrow()));
        assertThat(second.items()).extracting(Note::id).containsExactly("n3", "n4", "n5");
    }
}
