package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static io.larder.tck.ContractFixture.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConflictException;
import io.larder.Query;
import io.larder.Storage;
import io.larder.Version;
import io.larder.Versioned;
import io.larder.testkit.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Conditional saves and concurrent writers. */
public interface ConcurrencyContract extends ContractFixture {

    @Test
    default void conditionalSaveAtTheLoadedVersionSucceeds() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        Versioned<Note> v = notes.loadVersioned(key("g1", "n1")).orElseThrow();
        Version next = notes.save(v.value().saying("edited"), v.version());
        assertThat(next).isNotEqualTo(v.version());
        assertThat(notes.loadVersioned(key("g1", "n1")).orElseThrow().version()).isEqualTo(next);
    }

    @Test
    default void conditionalSaveAtAStaleVersionConflictsAndWritesNothing() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        Version stale = notes.loadVersioned(key("g1", "n1")).orElseThrow().version();
        notes.save(Note.of("n1", "g1", "alice", T0).saying("someone else"));
        assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "alice", T0).saying("mine"), stale))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).key()).isEqualTo(key("g1", "n1")));
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("someone else");
    }

    @Test
    default void createOnlyFailsWhenTheRecordExists() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "bob", T0), Version.ABSENT)).isInstanceOf(ConflictException.class);
        assertThat(notes.list(Query.in("group", "g1").where("author", "bob")).items()).isEmpty();
    }

    @Test
    default void createOnlySucceedsWhenTheRecordIsMissing() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0), Version.ABSENT);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
    }

    @Test
    default void conditionalSaveOnAMissingRecordWithAVersionConflicts() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        Version v = notes.loadVersioned(key("g1", "n1")).orElseThrow().version();
        notes.delete(key("g1", "n1"));
        assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "alice", T0), v)).isInstanceOf(ConflictException.class);
    }

    @Test
    default void versionTokensSurviveAsText() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        String token = notes.loadVersioned(key("g1", "n1")).orElseThrow().version().token();
        notes.save(Note.of("n1", "g1", "alice", T0).saying("ok"), Version.parse(token));
        assertThat(notes.load(key("g1", "n1"))).get().extracting(Note::text).isEqualTo("ok");
    }

    @Test
    default void ofConcurrentConditionalWritersExactlyOneWins() throws Exception {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        Version start = notes.loadVersioned(key("g1", "n1")).orElseThrow().version();
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        runConcurrently(8, w -> {
            try {
                notes.save(Note.of("n1", "g1", "alice", T0).saying("writer " + w), start);
                wins.incrementAndGet();
            } catch (ConflictException e) {
                conflicts.incrementAndGet();
            }
        });
        assertThat(wins.get()).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(7);
    }

    @Test
    default void concurrentWritersOnOneRecordLeaveValueAndIndexesAgreeing() throws Exception {
        Storage<Note> notes = notes();
        runConcurrently(8, w -> {
            for (int i = 0; i < 40; i++) {
                notes.save(Note.of("n1", "g1", "author" + w, T0 + i).ofKind("k" + (i % 3)));
            }
        });
        Note last = notes.load(key("g1", "n1")).orElseThrow();
        assertThat(notes.list(Query.in("group", "g1")).items()).containsExactly(last);
        assertThat(notes.list(Query.in("group", "g1").where("author", last.author())).items()).containsExactly(last);
        assertThat(notes.list(Query.in("group", "g1").where("kind", last.kind())).items()).containsExactly(last);
        for (int w = 0; w < 8; w++) {
            if (!last.author().equals("author" + w)) {
                assertThat(notes.list(Query.in("group", "g1").where("author", "author" + w)).items()).isEmpty();
            }
        }
    }

    @Test
    default void concurrentWritersOfDistinctRecordsLoseNothing() throws Exception {
        Storage<Note> notes = notes();
        runConcurrently(8, w -> {
            List<Note> mine = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                mine.add(Note.of("w" + w + "-" + i, "g1", "author" + w, T0 + i));
            }
            notes.saveAll(mine.subList(0, 50));
            mine.subList(50, 100).forEach(notes::save);
        });
        try (var all = notes.scan(Query.in("group", "g1"))) {
            assertThat(all.count()).isEqualTo(800);
        }
    }
}
