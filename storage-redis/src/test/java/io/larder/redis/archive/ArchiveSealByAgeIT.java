package io.larder.redis.archive;

import static io.larder.redis.archive.ArchiveLayoutIT.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Retention;
import io.larder.Storage;
import io.larder.redis.Notes;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import io.larder.redis.Targets;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.spi.StoredRecord;
import io.larder.testkit.Note;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tail whose records grew older than {@code archive.seal-after} (one hour by default) is sealed
 * by the sweep, even in a partition that never receives another record; the partial chunk this
 * makes is filled by later seals and rewritten like any other.
 */
class ArchiveSealByAgeIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();
    private static final long T0 = 1_767_225_600_000L;
    private static final long MINUTE = 60_000L;

    private final TestClock clock = TestClock.at(T0);
    private final List<RedisBackend> backends = new ArrayList<>();
    private final String name = "age" + System.nanoTime();
    private final String base = "larder:" + name + ":{g}:";

    @AfterEach
    void close() {
        backends.forEach(RedisBackend::close);
    }

    private ArchiveStore store(RedisSettings settings) {
        RedisBackend backend = RedisBackend.create(settings);
        backends.add(backend);
        return (ArchiveStore) backend.open(new StoreLayout(name, "larder:", true, List.of("author"), Expiry.none(),
                Retention.keepAll(), Layout.ARCHIVE, 100, 1000, Durability.none()), clock);
    }

    private ArchiveStore store() {
        return store(Targets.standalone(REDIS.get(), Client.JEDIS));
    }

    /** Records m{from}..m{to-1}, one a second from T0. */
    private static List<RecordWrite> writes(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> write(name(i), T0 + i * 1000L, "a" + i % 3)).toList();
    }

    private static String name(int i) {
        return String.format("m%05d", i);
    }

    private static List<String> names(int from, int to) {
        return IntStream.range(from, to).mapToObj(ArchiveSealByAgeIT::name).toList();
    }

    private static List<String> ids(List<StoredRecord> records) {
        return records.stream().map(r -> r.key().id()).toList();
    }

    private static List<String> all(ArchiveStore s, boolean desc) {
        return ids(s.range(new RangeRequest("g", null, Long.MIN_VALUE, Long.MAX_VALUE, desc, null, 10_000)));
    }

    private long tail() {
        return REDIS.get().client().callLong("HLEN", base + "tail");
    }

    private long chunks() {
        return REDIS.get().client().callLong("ZCARD", base + "chunks");
    }

    private long registered() {
        return REDIS.get().client().callLong("ZCARD", "larder:" + name + ":tails");
    }

    @Test
    void aQuietPartitionsTailBecomesAChunkAndEveryRecordStaysOnceInOrder() {
        ArchiveStore s = store();
        s.write(writes(0, 300));                       // one chunk of 256; m00256..m00299 stay in the tail
        assertThat(tail()).isEqualTo(44);
        assertThat(registered()).isEqualTo(1);

        clock.set(T0 + 256_000 + 59 * MINUTE);         // the tail's oldest record is 59 minutes old
        s.sweep();
        assertThat(tail()).isEqualTo(44);

        clock.set(T0 + 120 * MINUTE);                  // nothing more was written; it is now over an hour old
        s.sweep();
        assertThat(tail()).isZero();
        assertThat(chunks()).isEqualTo(2);
        assertThat(registered()).isZero();
        assertThat(all(s, false)).containsExactlyElementsOf(names(0, 300));
        List<String> newestFirst = new ArrayList<>(names(0, 300));
        Collections.reverse(newestFirst);
        assertThat(all(s, true)).containsExactlyElementsOf(newestFirst);
        assertThat(s.read(writes(0, 300).stream().map(RecordWrite::key).toList(), 0)).hasSize(300);
        assertThat(REDIS.get().client().callString("HGET", base + "m", "n")).isEqualTo("300");
    }

    @Test
    void thePartialChunkIsFilledByTheNextSealAndRewrittenLikeAnyOther() {
        ArchiveStore s = store();
        s.write(writes(0, 300));
        clock.set(T0 + 120 * MINUTE);
        s.sweep();                                     // chunk 2 holds m00256..m00299
        s.write(writes(300, 310));
        assertThat(tail()).isEqualTo(10);
        s.sweep();
        assertThat(tail()).isZero();
        assertThat(chunks()).isEqualTo(2);             // filled up, not a third chunk of ten
        assertThat(REDIS.get().client().callLong("EXISTS", base + "c:3")).isZero();

        s.write(List.of(write("late", T0 + 280_500L, "z")));
        s.write(List.of(write(name(295), T0 + 295_000L, "b", "changed")));
        assertThat(s.delete(List.of(Key.of("g", name(290))))).isEqualTo(1);
        List<String> expected = new ArrayList<>(names(0, 310));
        expected.add(281, "late");
        expected.remove(name(290));
        assertThat(all(s, false)).containsExactlyElementsOf(expected);
        assertThat(tail()).isZero();
        assertThat(new String(s.read(List.of(Key.of("g", name(295))), 0).get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("changed");
        assertThat(s.range(new RangeRequest("g", new Query.Term("author", "z"), Long.MIN_VALUE, Long.MAX_VALUE, true,
                null, 10))).extracting(r -> r.key().id()).containsExactly("late");
    }

    @Test
    void onlyRecordsOlderThanHalfTheAgeGoWhenATailIsDue() {
        ArchiveStore s = store();
        s.write(List.of(write("old", T0, "a"), write("forty", T0 + 40 * MINUTE, "a"), write("fifty", T0 + 50 * MINUTE, "a")));
        clock.set(T0 + 61 * MINUTE);                   // "old" is due; the others are younger than half an hour
        s.sweep();
        assertThat(chunks()).isEqualTo(1);
        assertThat(REDIS.get().client().callStrings("HKEYS", base + "tail")).containsExactlyInAnyOrder("forty", "fifty");
        assertThat(REDIS.get().client().callString("ZSCORE", "larder:" + name + ":tails", "g"))
                .isEqualTo(Long.toString(T0 + 40 * MINUTE));
        s.sweep();                                     // "forty" is 21 minutes old: not due
        assertThat(tail()).isEqualTo(2);
        assertThat(all(s, false)).containsExactly("old", "forty", "fifty");
    }

    @Test
    void aTailTheRegistryNeverLearnedIsFoundByTheSweepsScan() {
        ArchiveStore s = store();
        s.write(writes(0, 10));
        REDIS.get().client().call("DEL", "larder:" + name + ":tails");   // as if the writer died before registering
        clock.set(T0 + 120 * MINUTE);
        // each sweep takes one SCAN step; the server holds other tests' keys too
        for (int i = 0; i < 200 && tail() > 0; i++) {
            s.sweep();
        }
        assertThat(tail()).isZero();
        assertThat(all(s, false)).containsExactlyElementsOf(names(0, 10));
    }

    @Test
    void sealAfterZeroSealsBySizeOnly() {
        ArchiveStore s = store(Targets.standalone(REDIS.get(), Client.JEDIS)
                .mutate().archive(new RedisSettings.Archive(Duration.ZERO)).build());
        s.write(writes(0, 10));
        clock.set(T0 + 1000 * MINUTE);
        s.sweep();
        assertThat(tail()).isEqualTo(10);
        assertThat(chunks()).isZero();
    }

    @Test
    void theLarderSweepSealsAnArchiveStoresQuietGroups() {
        try (Larder larder = Larder.builder().backend(RedisBackend.create(Targets.standalone(REDIS.get(), Client.LETTUCE)))
                .clock(clock).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = larder.store(Notes.spec(name).layout(Layout.ARCHIVE).build());
            String group = "quiet";
            for (int i = 0; i < 5; i++) {
                notes.save(Note.of("n" + i, group, "alice", T0 + i));
            }
            String notesBase = "larder:" + notes.spec().name() + ":{" + group + "}:";
            clock.set(T0 + 120 * MINUTE);
            larder.sweep();
            assertThat(REDIS.get().client().callLong("HLEN", notesBase + "tail")).isZero();
            assertThat(REDIS.get().client().callLong("ZCARD", notesBase + "chunks")).isEqualTo(1);
            assertThat(notes.list(Query.in("group", group).limit(10)).items()).extracting(Note::id)
                    .containsExactly("n0", "n1", "n2", "n3", "n4");
        }
    }
}
