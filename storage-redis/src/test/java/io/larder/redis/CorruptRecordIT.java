package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.CorruptRecordException;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bytes Larder did not write, under its keys: the record's key is named, other records are unaffected. */
class CorruptRecordIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

    @ParameterizedTest
    @EnumSource(Client.class)
    void damagedValuesAreReportedWithTheirKeyAndOthersStillLoad(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)));
             RespClient redis = REDIS.get().client()) {
            Storage<Note> notes = larder.store(Notes.spec("corrupt").build());
            String store = notes.spec().name();
            notes.saveAll(IntStream.range(1, 6).mapToObj(i -> Note.of("n" + i, "g1", "alice", Notes.T0 + i)).toList());
            byte[] noise = new byte[64];
            new Random(7).nextBytes(noise);
            redis.call("SET", valueKey(store, "n2"), noise);
            redis.call("SET", valueKey(store, "n3"), "just some plain text");
            redis.call("DEL", valueKey(store, "n4"));
            redis.call("HSET", valueKey(store, "n4"), "field", "value");

            for (String id : List.of("n2", "n3", "n4")) {
                assertThatThrownBy(() -> notes.load(Key.of("g1", id)))
                        .isInstanceOf(CorruptRecordException.class).hasMessageContaining(valueKey(store, id))
                        .satisfies(e -> assertThat(((CorruptRecordException) e).location()).isEqualTo(valueKey(store, id)));
            }
            assertThatThrownBy(() -> notes.loadAll(List.of(Key.of("g1", "n1"), Key.of("g1", "n4"))))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining(valueKey(store, "n4"));
            // the range script meets the hash under n4 before the core decodes the noise under n2
            assertThatThrownBy(() -> notes.list(Query.in("group", "g1").where("author", "alice")))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining(valueKey(store, "n4"));

            assertThat(notes.load(Key.of("g1", "n1"))).isPresent();
            assertThat(notes.loadAll(List.of(Key.of("g1", "n1"), Key.of("g1", "n5")))).hasSize(2);
            // saving the record again replaces what was there
            notes.save(Note.of("n4", "g1", "alice", Notes.T0 + 4));
            assertThat(notes.load(Key.of("g1", "n4"))).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aForeignTypeUnderAnIndexKeyIsReportedWithThatKey(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)));
             RespClient redis = REDIS.get().client()) {
            Storage<Note> notes = larder.store(Notes.spec("corrupt-index").build());
            String timeline = "larder:" + notes.spec().name() + ":{g1}:t";
            redis.call("SET", timeline, "not a sorted set");
            assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "alice", Notes.T0)))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining(timeline);
            notes.save(Note.of("n1", "g2", "alice", Notes.T0));
            assertThat(notes.load(Key.of("g2", "n1"))).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aForeignTypeUnderATimelineFailsABatchWithThatKeyAndTheOtherPartitionsAreWritten(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)));
             RespClient redis = REDIS.get().client()) {
            Storage<Note> notes = larder.store(Notes.spec("corrupt-batch").build());
            String timeline = "larder:" + notes.spec().name() + ":{g1}:t";
            redis.call("SET", timeline, "not a sorted set");
            List<Note> batch = IntStream.range(0, 6).mapToObj(i -> Note.of("n" + i, i % 2 == 0 ? "g1" : "g2", "alice", Notes.T0 + i))
                    .toList();
            assertThatThrownBy(() -> notes.saveAll(batch))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining(timeline);
            assertThat(new String((byte[]) redis.call("GET", timeline), StandardCharsets.UTF_8)).isEqualTo("not a sorted set");
            assertThat(notes.list(Query.in("group", "g2").limit(10)).items()).extracting(Note::id).containsExactly("n1", "n3", "n5");
            assertThat(notes.list(Query.in("group", "g2").where("author", "alice").limit(10)).items()).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void anInsertMeetingAForeignTypeUnderItsKeyReportsThatKeyAndLeavesItAlone(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)));
             RespClient redis = REDIS.get().client()) {
            Storage<Note> notes = larder.store(Notes.spec("corrupt-insert").build());
            String foreign = valueKey(notes.spec().name(), "n2");
            redis.call("HSET", foreign, "not", "a value");
            List<Note> batch = IntStream.range(0, 4).mapToObj(i -> Note.of("n" + i, "g1", "alice", Notes.T0 + i)).toList();
            assertThatThrownBy(() -> notes.insertAll(batch))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining(foreign);
            assertThat(redis.call("TYPE", foreign)).isEqualTo("hash");
            assertThat(notes.loadAll(List.of(Key.of("g1", "n0"), Key.of("g1", "n1"), Key.of("g1", "n3")))).hasSize(3);
            assertThat(notes.list(Query.in("group", "g1").limit(10)).items()).extracting(Note::id).containsExactly("n0", "n1", "n3");
        }
    }

    private static String valueKey(String store, String id) {
        return "larder:" + store + ":{g1}:r:" + id;
    }
}
