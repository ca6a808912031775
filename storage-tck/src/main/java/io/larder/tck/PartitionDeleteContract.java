package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Expiry;
import io.larder.Key;
import io.larder.Layout;
import io.larder.Query;
import io.larder.QueryNotSupportedException;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.testkit.Note;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Storage#deletePartition}: every record of one partition at once, and nothing of another. */
public interface PartitionDeleteContract extends ContractFixture {

    private static void fill(Storage<Note> notes, String group, int n) {
        notes.saveAll(IntStream.range(0, n).mapToObj(i -> Note.of(group + "-n" + i, group, "u" + (i % 2), T0 + i)).toList());
    }

    @Test
    default void deletingAPartitionRemovesEveryRecordOfItAndNothingElse() {
        Storage<Note> notes = notes();
        fill(notes, "g1", 5);
        fill(notes, "g2", 3);
        assertThat(notes.deletePartition("g1")).isEqualTo(5);
        assertThat(notes.load(key("g1", "g1-n0"))).isEmpty();
        assertThat(notes.list(Query.in("group", "g1")).items()).isEmpty();
        assertThat(notes.list(Query.in("group", "g1").where("author", "u0")).items()).isEmpty();
        assertThat(notes.list(Query.in("group", "g2")).items()).hasSize(3);
        assertThat(notes.load(key("g2", "g2-n0"))).isPresent();
    }

    @Test
    default void aDeletedPartitionTakesNewRecordsAgain() {
        Storage<Note> notes = notes();
        fill(notes, "g1", 3);
        notes.deletePartition("g1");
        notes.save(Note.of("again", "g1", "u0", T0));
        assertThat(notes.list(Query.in("group", "g1")).items()).extracting(Note::id).containsExactly("again");
        assertThat(notes.list(Query.in("group", "g1").where("author", "u0")).items()).extracting(Note::id)
                .containsExactly("again");
    }

    @Test
    default void deletingAnEmptyPartitionCountsNothing() {
        assertThat(notes().deletePartition("nobody")).isZero();
    }

    @Test
    default void onlyLiveRecordsAreCounted() {
        Storage<Note> notes = larder().store(noteSpec().expiry(Expiry.atField("expiresAt")).build());
        notes.save(Note.of("short", "g1", "u0", T0).expiringAt(clock().millis() + tick().toMillis()));
        notes.save(Note.of("long", "g1", "u0", T0 + 1).expiringAt(clock().millis() + tick().multipliedBy(100).toMillis()));
        advance(2);
        assertThat(notes.deletePartition("g1")).isEqualTo(1);
        assertThat(notes.load(key("g1", "long"))).isEmpty();
    }

    @Test
    default void partitionsWhoseNamesCarryTagAndSeparatorCharactersAreKeptApart() {
        Storage<Note> notes = notes();
        String odd = "g{1}:\n%7D";
        fill(notes, odd, 2);
        fill(notes, "g{1}", 2);
        fill(notes, "g", 2);
        assertThat(notes.deletePartition(odd)).isEqualTo(2);
        assertThat(notes.list(Query.in("group", odd)).items()).isEmpty();
        assertThat(notes.list(Query.in("group", "g{1}")).items()).hasSize(2);
        assertThat(notes.list(Query.in("group", "g")).items()).hasSize(2);
    }

    @Test
    default void aStoreWithoutPartitionsOrWithoutATimelineRefusesAndKeepsItsRecords() {
        Storage<Note> flat = larder().store(StoreSpec.builder(freshName(), Note.class).build());
        flat.save(Note.of("n1", "g1", "alice", T0));
        assertThatThrownBy(() -> flat.deletePartition("g1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not partitioned");
        Storage<Note> values = larder().store(StoreSpec.builder(freshName(), Note.class).partitionBy("group")
                .layout(Layout.VALUES).build());
        values.save(Note.of("n1", "g1", "alice", T0));
        assertThatThrownBy(() -> values.deletePartition("g1")).isInstanceOf(QueryNotSupportedException.class)
                .hasMessageContaining("values layout");
        assertThatThrownBy(() -> notes().deletePartition("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(flat.load(Key.of("n1"))).isPresent();
        assertThat(values.load(key("g1", "n1"))).isPresent();
    }
}
