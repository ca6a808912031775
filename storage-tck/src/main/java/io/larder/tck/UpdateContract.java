package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static io.larder.tck.ContractFixture.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Key;
import io.larder.Query;
import io.larder.Storage;
import io.larder.Version;
import io.larder.testkit.Note;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/** Atomic read-modify-write: {@link Storage#update}, {@link Storage#merge} and {@link Storage#mergeAll}. */
public interface UpdateContract extends ContractFixture {

    @Test
    default void anUpdateStoresTheChangedRecordAndReturnsIt() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        assertThat(notes.update(key("g1", "n1"), n -> n.saying("edited"))).get().extracting(Note::text).isEqualTo("edited");
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("edited");
    }

    @Test
    default void anUpdateOfAnAbsentRecordSaysSoAndWritesNothing() {
        Storage<Note> notes = notes();
        AtomicInteger calls = new AtomicInteger();
        assertThat(notes.update(key("g1", "missing"), n -> {
            calls.incrementAndGet();
            return n.saying("never");
        })).isEmpty();
        assertThat(calls).hasValue(0);
        assertThat(notes.load(key("g1", "missing"))).isEmpty();
    }

    @Test
    default void concurrentUpdatersOfOneRecordLoseNoUpdate() throws Exception {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0).saying("0"));
        runConcurrently(8, w -> {
            for (int i = 0; i < 25; i++) {
                notes.update(key("g1", "n1"), n -> n.saying(Integer.toString(Integer.parseInt(n.text()) + 1)));
            }
        });
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("200");
    }

    @Test
    default void aChangeThatThrowsWritesNothingAndItsExceptionReachesTheCaller() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        Version before = notes.loadVersioned(key("g1", "n1")).orElseThrow().version();
        IllegalStateException thrown = new IllegalStateException("the change refuses");
        assertThatThrownBy(() -> notes.update(key("g1", "n1"), n -> {
            throw thrown;
        })).isSameAs(thrown);
        assertThat(notes.loadVersioned(key("g1", "n1")).orElseThrow().version()).isEqualTo(before);
    }

    @Test
    default void aChangeThatMovesTheRecordToAnotherKeyIsRefusedAndWritesNothing() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        assertThatThrownBy(() -> notes.update(key("g1", "n1"), n -> Note.of("n2", "g1", "alice", T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n2").hasMessageContaining("nothing was written");
        assertThatThrownBy(() -> notes.update(key("g1", "n1"), n -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(notes.load(key("g1", "n2"))).isEmpty();
        assertThat(notes.load(key("g1", "n1"))).get().isEqualTo(Note.of("n1", "g1", "alice", T0));
    }

    @Test
    default void aChangeThatChangesNothingWritesNothing() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        Version before = notes.loadVersioned(key("g1", "n1")).orElseThrow().version();
        assertThat(notes.update(key("g1", "n1"), n -> n.saying(n.text()))).get().isEqualTo(Note.of("n1", "g1", "alice", T0));
        assertThat(notes.loadVersioned(key("g1", "n1")).orElseThrow().version()).isEqualTo(before);
    }

    @Test
    default void anUpdateMovesTheRecordsIndexEntriesWithIt() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        notes.update(key("g1", "n1"), n -> n.byAuthor("bob"));
        assertThat(notes.list(Query.in("group", "g1").where("author", "bob")).items()).extracting(Note::id).containsExactly("n1");
        assertThat(notes.list(Query.in("group", "g1").where("author", "alice")).items()).isEmpty();
    }

    @Test
    default void aMergeCreatesTheRecordWhenNoneIsStoredAndChangesItOtherwise() {
        Storage<Note> notes = notes();
        Key k = key("g1", "n1");
        assertThat(notes.merge(k, Note.of("n1", "g1", "alice", T0).saying("1"), n -> n.saying(n.text() + "+1")).text())
                .isEqualTo("1");
        assertThat(notes.merge(k, Note.of("n1", "g1", "alice", T0).saying("1"), n -> n.saying(n.text() + "+1")).text())
                .isEqualTo("1+1");
        assertThat(notes.load(k)).get().extracting(Note::text).isEqualTo("1+1");
    }

    @Test
    default void concurrentMergersCreateTheRecordOnceAndLoseNoChange() throws Exception {
        Storage<Note> notes = notes();
        runConcurrently(8, w -> {
            for (int i = 0; i < 25; i++) {
                notes.merge(key("g1", "n1"), Note.of("n1", "g1", "alice", T0).saying("1"),
                        n -> n.saying(Integer.toString(Integer.parseInt(n.text()) + 1)));
            }
        });
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("200");
    }

    @Test
    default void aMergeWhoseNewRecordIsNotUnderTheKeyIsRefused() {
        Storage<Note> notes = notes();
        assertThatThrownBy(() -> notes.merge(key("g1", "n1"), Note.of("other", "g1", "alice", T0), n -> n))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
        assertThat(notes.load(key("g1", "other"))).isEmpty();
    }

    /** Adds the notes' texts as numbers: what the batch merges below count with. */
    BinaryOperator<Note> SUM = (stored, more) -> stored.saying(Integer.toString(Integer.parseInt(stored.text())
            + Integer.parseInt(more.text())));

    private static Note counting(String id, int n) {
        return Note.of(id, "g1", "alice", T0).saying(Integer.toString(n));
    }

    @Test
    default void aBatchMergeCreatesAbsentRecordsCombinesStoredOnesAndReturnsThemInOrder() {
        Storage<Note> notes = notes();
        notes.save(counting("n1", 10));
        Map<Key, Note> merged = notes.mergeAll(List.of(counting("n2", 5), counting("n1", 1), counting("n2", 2)), SUM);
        assertThat(merged.keySet()).containsExactly(key("g1", "n2"), key("g1", "n1"));
        assertThat(merged.values()).extracting(Note::text).containsExactly("7", "11");
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("11");
        assertThat(notes.load(key("g1", "n2"))).get().extracting(Note::text).isEqualTo("7");
        assertThat(notes.mergeAll(List.of(), SUM)).isEmpty();
    }

    @Test
    default void concurrentBatchMergersLoseNoChange() throws Exception {
        Storage<Note> notes = notes();
        notes.save(counting("n1", 0));
        runConcurrently(8, w -> {
            for (int i = 0; i < 25; i++) {
                // each writer names the records in another order, so batches conflict on some records and not others
                List<Note> batch = w % 2 == 0 ? List.of(counting("n1", 1), counting("n2", 1), counting("n3", 1))
                        : List.of(counting("n3", 1), counting("n2", 1), counting("n1", 1));
                notes.mergeAll(batch, SUM);
            }
        });
        for (String id : List.of("n1", "n2", "n3")) {
            assertThat(notes.load(key("g1", id))).get().extracting(Note::text).isEqualTo("200");
        }
    }

    @Test
    default void aBatchMergeWhoseCombineThrowsWritesNothingOfTheBatch() {
        Storage<Note> notes = notes();
        notes.save(counting("n1", 1));
        Version before = notes.loadVersioned(key("g1", "n1")).orElseThrow().version();
        IllegalStateException thrown = new IllegalStateException("the combine refuses");
        assertThatThrownBy(() -> notes.mergeAll(List.of(counting("n2", 1), counting("n1", 1)), (a, b) -> {
            throw thrown;
        })).isSameAs(thrown);
        assertThat(notes.load(key("g1", "n2"))).isEmpty();
        assertThat(notes.loadVersioned(key("g1", "n1")).orElseThrow().version()).isEqualTo(before);
    }

    @Test
    default void aBatchMergeWhoseCombineMovesARecordIsRefusedAndWritesNothing() {
        Storage<Note> notes = notes();
        notes.save(counting("n1", 1));
        assertThatThrownBy(() -> notes.mergeAll(List.of(counting("n2", 1), counting("n1", 1)), (a, b) -> counting("n9", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n9").hasMessageContaining("nothing was written");
        assertThat(notes.load(key("g1", "n2"))).isEmpty();
        assertThat(notes.load(key("g1", "n9"))).isEmpty();
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("1");
    }
}
