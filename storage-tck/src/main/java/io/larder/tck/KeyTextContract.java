package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Key;
import io.larder.MalformedKeyException;
import io.larder.Query;
import io.larder.Storage;
import io.larder.testkit.Note;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text with an unpaired UTF-16 surrogate never becomes a key: it has no UTF-8 form, and a backend
 * that stored a replacement for it would let {@code "c\uD800"}, {@code "c\uDC00"} and
 * {@code "c?"} overwrite each other. The core refuses it before any adapter sees it.
 */
public interface KeyTextContract extends ContractFixture {

    @Test
    default void idsWithAnUnpairedSurrogateAreRefusedAndAliasNoOtherRecord() {
        Storage<Note> notes = notes();
        notes.save(Note.of("c?", "g1", "alice", T0).saying("the real one"));

        assertThatThrownBy(() -> notes.save(Note.of("c\uD800", "g1", "alice", T0))).isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("\\uD800");
        assertThatThrownBy(() -> notes.save(Note.of("c\uDC00", "g1", "alice", T0))).isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("\\uDC00");
        assertThatThrownBy(() -> notes.load(Key.of("g1", "c\uD800"))).isInstanceOf(MalformedKeyException.class);

        assertThat(notes.load(key("g1", "c?"))).get().extracting(Note::text).isEqualTo("the real one");
        assertThat(notes.list(Query.in("group", "g1")).items()).extracting(Note::id).containsExactly("c?");
    }

    @Test
    default void partitionsWithAnUnpairedSurrogateAreRefused() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g?", "alice", T0));

        assertThatThrownBy(() -> notes.save(Note.of("n1", "g\uD800", "alice", T0).saying("would replace")))
                .isInstanceOf(MalformedKeyException.class).hasMessageContaining("partition");
        assertThatThrownBy(() -> notes.list(Query.in("group", "g\uDC00"))).isInstanceOf(MalformedKeyException.class);

        assertThat(notes.load(key("g?", "n1"))).get().extracting(Note::text).isEqualTo("note n1");
    }

    @Test
    default void indexedValuesWithAnUnpairedSurrogateAreRefused() {
        Storage<Note> notes = notes();

        assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "a\uDC00", T0))).isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("value of field 'author'");
        assertThatThrownBy(() -> notes.list(Query.in("group", "g1").where("author", "a\uD800")))
                .isInstanceOf(MalformedKeyException.class);

        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void aBatchHoldingOneMalformedIdWritesNothing() {
        Storage<Note> notes = notes();
        List<Note> batch = List.of(Note.of("n1", "g1", "alice", T0), Note.of("n\uD800", "g1", "alice", T0 + 1),
                Note.of("n3", "g1", "alice", T0 + 2));

        assertThatThrownBy(() -> notes.saveAll(batch)).isInstanceOf(MalformedKeyException.class);

        assertThat(notes.loadAll(List.of(key("g1", "n1"), key("g1", "n3")))).isEmpty();
    }

    @Test
    default void charactersOutsideTheBasicPlaneAreKeptApartFromTheirLookalikes() {
        Storage<Note> notes = notes();
        notes.saveAll(List.of(Note.of("c\uD83D\uDE00", "群\uD83D\uDE00", "\uD83D\uDC31", T0).saying("emoji"),
                Note.of("c?", "群?", "?", T0).saying("question")));

        assertThat(notes.load(key("群\uD83D\uDE00", "c\uD83D\uDE00"))).get().extracting(Note::text).isEqualTo("emoji");
        assertThat(notes.load(key("群?", "c?"))).get().extracting(Note::text).isEqualTo("question");
        assertThat(notes.list(Query.in("group", "群\uD83D\uDE00").where("author", "\uD83D\uDC31")).items())
                .extracting(Note::id).containsExactly("c\uD83D\uDE00");
    }
}
