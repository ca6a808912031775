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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Atomic read-modify-write: {@link Storage#update} and {@link Storage#merge}. */
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
}
