package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.ConflictException;
import io.larder.DataSize;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Layout;
import io.larder.Query;
import io.larder.QueryNotSupportedException;
import io.larder.RecordTooLargeException;
import io.larder.Retention;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.Version;
import io.larder.testkit.Note;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The values layout: a value per record and nothing else; found by key, scanned, never listed. */
public interface ValuesContract extends ContractFixture {

    private StoreSpec.Builder<Note> valuesSpec() {
        return StoreSpec.builder(freshName(), Note.class).partitionBy("group").layout(Layout.VALUES);
    }

    private Storage<Note> values() {
        return larder().store(valuesSpec().build());
    }

    private static List<String> ids(Stream<Note> notes) {
        try (notes) {
            return notes.map(Note::id).sorted().toList();
        }
    }

    @Test
    default void valuesStoreSavesLoadsAndDeletes() {
        Storage<Note> notes = values();
        notes.save(Note.of("n1", "g1", "alice", T0));
        notes.save(Note.of("n1", "g1", "alice", T0).saying("edited"));
        assertThat(notes.load(key("g1", "n1"))).map(Note::text).contains("edited");
        assertThat(notes.load(key("g2", "n1"))).isEmpty();
        assertThat(notes.delete(key("g1", "n1"))).isTrue();
        assertThat(notes.delete(key("g1", "n1"))).isFalse();
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void valuesStoreRefusesABatchWithAnOversizedRecordAndWritesNoneOfIt() {
        // one record too large at the start, at the end of the first pipeline window (batch.max-pipeline
        // is 1000), at the start of the second and at the very end: each time none of the batch is stored
        Storage<Note> notes = larder().store(valuesSpec().maxValueSize(DataSize.ofBytes(4096)).build());
        List<Note> batch = IntStream.range(0, 2500).mapToObj(i -> Note.of("n" + i, "g" + i % 3, "alice", T0 + i)).toList();
        List<Key> keys = batch.stream().map(notes::keyOf).toList();
        for (int bad : new int[] {0, 999, 1000, 2499}) {
            List<Note> refused = new ArrayList<>(batch);
            refused.set(bad, batch.get(bad).saying(ContractFixture.incompressible(20_000)));
            assertThatThrownBy(() -> notes.saveAll(refused)).isInstanceOfSatisfying(RecordTooLargeException.class,
                    e -> assertThat(e.key()).isEqualTo(keys.get(bad)));
            assertThat(notes.loadAll(keys)).as("stored after the refusal at record %d", bad).isEmpty();
        }
        notes.saveAll(batch);
        assertThat(notes.loadAll(keys)).hasSize(2500);
    }

    @Test
    default void valuesStoreKeepsEveryRecordOfALargeBatch() {
        Storage<Note> notes = values();
        List<Note> batch = IntStream.range(0, 2500).mapToObj(i -> Note.of("n" + i, "g" + i % 3, "alice", T0 + i)).toList();
        notes.saveAll(batch);
        List<Key> keys = batch.stream().map(notes::keyOf).toList();
        assertThat(notes.loadAll(keys)).hasSize(2500);
        assertThat(notes.deleteAll(keys.subList(0, 1200))).isEqualTo(1200);
        assertThat(notes.loadAll(keys)).hasSize(1300).doesNotContainKey(keys.get(0)).containsKey(keys.get(1200));
    }

    @Test
    default void valuesStoreRefusesList() {
        assertThatThrownBy(() -> values().list(Query.in("group", "g1")))
                .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining("values layout");
    }

    @Test
    default void valuesStoreScanWalksEveryRecordAndFilters() {
        Storage<Note> notes = values();
        notes.saveAll(IntStream.range(0, 30).mapToObj(i -> Note.of("n" + i, i < 10 ? "g1" : "g2", i % 2 == 0 ? "alice" : "bob",
                T0 + i)).toList());
        assertThat(ids(notes.scan(Query.all()))).hasSize(30);
        assertThat(ids(notes.scan(Query.in("group", "g1")))).hasSize(10).allMatch(id -> id.length() == 2);
        assertThat(ids(notes.scan(Query.in("group", "g1").where("author", "bob"))))
                .containsExactly("n1", "n3", "n5", "n7", "n9");
        assertThatThrownBy(() -> notes.scan(Query.all().between(Instant.ofEpochMilli(T0),
                Instant.ofEpochMilli(T0 + 5)))).isInstanceOf(QueryNotSupportedException.class);
    }

    @Test
    default void valuesStoreRefusesTimeIndexesAndRetention() {
        assertThatThrownBy(() -> valuesSpec().time("at").build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("values layout");
        assertThatThrownBy(() -> valuesSpec().index("author").build()).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> valuesSpec().retention(Retention.keepNewest(5)).build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    default void valuesStoreSavesConditionally() {
        Storage<Note> notes = values();
        Version first = notes.save(Note.of("n1", "g1", "alice", T0), Version.ABSENT);
        assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "bob", T0), Version.ABSENT))
                .isInstanceOf(ConflictException.class);
        notes.save(Note.of("n1", "g1", "carol", T0), first);
        assertThat(notes.load(key("g1", "n1"))).map(Note::author).contains("carol");
        assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "dave", T0), first)).isInstanceOf(ConflictException.class);
    }

    @Test
    default void valuesStoreExpiresRecords() {
        Storage<Note> notes = larder().store(valuesSpec().expiry(Expiry.absolute(tick().multipliedBy(4))).build());
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(1);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
        advance(4);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
        assertThat(ids(notes.scan(Query.all()))).isEmpty();
    }

    @Test
    default void unpartitionedValuesStoreIsAddressedById() {
        Storage<Note> flat = larder().store(StoreSpec.builder(freshName(), Note.class).layout(Layout.VALUES).build());
        String id = flat.save(Note.of("n1", "g1", "alice", T0).withoutId());
        assertThat(flat.load(Key.of(id))).map(Note::author).contains("alice");
        assertThat(ids(flat.scan(Query.all()))).containsExactly(id);
    }
}
