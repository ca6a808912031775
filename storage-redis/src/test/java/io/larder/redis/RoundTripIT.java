package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.BackendSettings;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.CommandStats;
import io.larder.testkit.Note;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.RespClient;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batches cost one round trip per {@code max-pipeline} records (1000 by default), never one per
 * record, and a values store sends exactly what a raw client would: counted on the server
 * ({@code INFO commandstats}) and at the driver port (one pipeline = one write, one flush).
 */
class RoundTripIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();

    @ParameterizedTest
    @EnumSource(Client.class)
    void aThousandRecordsTakeOnePipelineToSaveAndOneToLoad(Client client) {
        AtomicReference<CountingDriver> counting = new AtomicReference<>();
        try (Larder larder = counted(client, counting)) {
            Storage<Note> notes = larder.store(Notes.spec("roundtrips").index("kind").build());
            List<Note> batch = IntStream.range(0, 1000).mapToObj(i -> Note.of("n" + i, "g" + (i % 10), "u" + (i % 7), Notes.T0 + i)).toList();
            List<Key> keys = batch.stream().map(notes::keyOf).toList();

            REDIS.get().process().resetStats();
            counting.get().reset();
            long start = System.nanoTime();
            notes.saveAll(batch);
            long saveMicros = (System.nanoTime() - start) / 1000;
            CommandStats saved = REDIS.get().process().commandStats();
            int savePipelines = counting.get().pipelines.get();
            int saveSingles = counting.get().singles.get();

            REDIS.get().process().resetStats();
            counting.get().reset();
            start = System.nanoTime();
            assertThat(notes.loadAll(keys)).hasSize(1000);
            long loadMicros = (System.nanoTime() - start) / 1000;
            CommandStats loaded = REDIS.get().process().commandStats();

            System.out.printf("ROUNDTRIPS %s saveAll(1000): %d pipelines, %d other calls, server %s, %d ms;"
                            + " loadAll(1000): %d pipelines, %d other calls, server %s, %d ms%n", client, savePipelines,
                    saveSingles, saved.asMap(), saveMicros / 1000, counting.get().pipelines.get(), counting.get().singles.get(),
                    loaded.asMap(), loadMicros / 1000);
            // max-pipeline 1000: the whole batch in one round trip
            assertThat(savePipelines).isEqualTo(1);
            assertThat(saveSingles).isZero();
            if (client == Client.JEDIS) {
                // a pipeline holds a pooled connection to itself: one MULTI/EXEC of plain commands per partition
                assertThat(saved.calls("exec")).as("one transaction per partition, not per record").isEqualTo(10);
                assertThat(saved.calls("evalsha")).isZero();
                assertThat(saved.calls("mset")).as("no record expires: one MSET per partition").isEqualTo(10);
                assertThat(saved.calls("set")).isZero();
            } else {
                // Lettuce shares its connection between threads, so no transaction: one script call per partition
                assertThat(saved.calls("evalsha")).as("one script call per partition, not per record").isEqualTo(10);
                assertThat(saved.calls("set")).isEqualTo(1000);
            }
            assertThat(saved.calls("zadd")).as("a few ZADDs per partition: the timeline and each index key").isLessThan(100);
            assertThat(counting.get().pipelines.get()).isEqualTo(1);
            assertThat(counting.get().singles.get()).isZero();
            assertThat(loaded.calls("mget")).as("a batch without sliding expiry reads one MGET per partition").isEqualTo(10);
            assertThat(loaded.calls("exists")).as("no key was empty: nothing to count").isZero();
            assertThat(loaded.calls("get")).as("every record was there: nothing to read again").isZero();
            assertThat(loaded.calls("zscore")).isZero();

            // absent keys (the check before an insert): the counts say none holds a foreign type, so no GET follows
            List<Key> absent = IntStream.range(0, 1000).mapToObj(i -> Key.of("g" + (i % 10), "absent-" + i)).toList();
            REDIS.get().process().resetStats();
            counting.get().reset();
            assertThat(notes.loadAll(absent)).isEmpty();
            CommandStats missed = REDIS.get().process().commandStats();
            assertThat(counting.get().pipelines.get()).as("the MGETs, then the EXISTS of their empty keys").isEqualTo(2);
            assertThat(counting.get().singles.get()).isZero();
            assertThat(missed.calls("mget")).isEqualTo(10);
            assertThat(missed.calls("exists")).as("one per partition, not one per key").isEqualTo(10);
            assertThat(missed.calls("get")).as("no empty key read again").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aValuesStoreSendsWhatARawClientWould(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
            Storage<Note> notes = larder.store(StoreSpec.builder("plain-values", Note.class).partitionBy("group")
                    .layout(Layout.VALUES).expiry(Expiry.absolute(Duration.ofHours(1))).build());
            List<Note> batch = IntStream.range(0, 1000).mapToObj(i -> Note.of("n" + i, "g" + (i % 10), "u", Notes.T0 + i)).toList();

            REDIS.get().process().resetStats();
            notes.save(batch.get(0));
            assertThat(notes.load(notes.keyOf(batch.get(0)))).isPresent();
            notes.saveAll(batch);
            assertThat(notes.loadAll(batch.stream().map(notes::keyOf).toList())).hasSize(1000);
            assertThat(notes.deleteAll(batch.stream().map(notes::keyOf).toList().subList(0, 500))).isEqualTo(500);
            CommandStats stats = REDIS.get().process().commandStats();

            // Redis 7 names the reset config|resetstat, Redis 6 config
            assertThat(stats.asMap().keySet().stream().map(c -> c.replaceFirst("\\|.*", "")).toList())
                    .as("one SET and DEL per record, a GET per load, an MGET per partition of a batch, and nothing else"
                            + " (CONFIG is the reset)").containsExactlyInAnyOrder("config", "set", "get", "mget", "del");
            assertThat(stats.calls("set")).isEqualTo(1001);
            assertThat(stats.calls("get")).isEqualTo(1);
            assertThat(stats.calls("mget")).isEqualTo(10);
            assertThat(stats.calls("del")).isEqualTo(500);
            assertThat((Long) REDIS.get().process().call("PTTL", "larder:plain-values:{g3}:r:n503"))
                    .as("expiry is the value's own").isBetween(1L, 3_600_000L);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aBatchOfValuesThatNeverExpireIsOneMset(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
            Storage<Note> notes = larder.store(StoreSpec.builder("lasting-values", Note.class).partitionBy("group")
                    .layout(Layout.VALUES).build());
            List<Note> batch = IntStream.range(0, 1000).mapToObj(i -> Note.of("n" + i, "g" + (i % 10), "u", Notes.T0 + i)).toList();
            List<Note> again = IntStream.range(0, 1000).mapToObj(i -> Note.of("n" + i, "g" + (i % 10), "w", Notes.T0 + i)).toList();

            REDIS.get().process().resetStats();
            notes.saveAll(batch);
            notes.saveAll(again);
            CommandStats stats = REDIS.get().process().commandStats();

            assertThat(stats.calls("mset")).as("one MSET a batch, not a SET per record").isEqualTo(2);
            assertThat(stats.calls("set")).isZero();
            assertThat(notes.loadAll(batch.stream().map(notes::keyOf).toList()).values()).as("the second batch replaced the first")
                    .containsExactlyInAnyOrderElementsOf(again);
            assertThat((Long) REDIS.get().process().call("PTTL", "larder:lasting-values:{g3}:r:n503"))
                    .as("no expiry").isEqualTo(-1L);

            // large values: no MSET carries more than Put.MSET_BYTES, so the server never holds a huge command whole
            Random random = new Random(17);
            List<Note> large = IntStream.range(0, 8).mapToObj(i -> {
                byte[] noise = new byte[300_000];
                random.nextBytes(noise);
                Note n = Note.of("big" + i, "g" + i, "u", Notes.T0 + i);
                return new Note(n.id(), n.group(), n.author(), n.kind(), n.at(), null, n.mood(),
                        Base64.getEncoder().encodeToString(noise), n.tags());
            }).toList();
            REDIS.get().process().resetStats();
            notes.saveAll(large);
            assertThat(REDIS.get().process().commandStats().calls("mset")).as("two 400 kB values a MSET").isEqualTo(4);
            assertThat(notes.loadAll(large.stream().map(notes::keyOf).toList()).values())
                    .containsExactlyInAnyOrderElementsOf(large);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aPageOfLiveRecordsTakesOneIndexReadAndOneValueRead(Client client) {
        AtomicReference<CountingDriver> counting = new AtomicReference<>();
        try (Larder larder = counted(client, counting)) {
            Storage<Note> notes = larder.store(Notes.spec("pages").build());
            notes.saveAll(IntStream.range(0, 1000).mapToObj(i -> Note.of(String.format("n%04d", i), "g1", "alice", Notes.T0 + i / 3))
                    .toList());
            Query newest = Query.in("group", "g1").newestFirst().limit(100);

            REDIS.get().process().resetStats();
            counting.get().reset();
            Page<Note> first = notes.list(newest);
            Page<Note> second = notes.list(newest.after(first.next().orElseThrow()));
            CommandStats listed = REDIS.get().process().commandStats();

            assertThat(first.items()).extracting(Note::id).startsWith("n0999", "n0998");
            assertThat(second.items()).extracting(Note::id).startsWith("n0899").endsWith("n0800");
            assertThat(counting.get().singles.get()).as("a ZRANGE and an MGET per page").isEqualTo(4);
            assertThat(counting.get().pipelines.get()).isZero();
            assertThat(listed.calls("zrange")).isEqualTo(2);
            assertThat(listed.calls("mget")).isEqualTo(2);
            assertThat(listed.calls("evalsha")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aPageCrossingGoneRecordsIsRefilledAndTheirEntriesRemoved(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)));
             RespClient redis = REDIS.get().client()) {
            Storage<Note> notes = larder.store(Notes.spec("gone").build());
            String base = "larder:" + notes.spec().name() + ":{g1}:";
            notes.saveAll(IntStream.range(0, 300).mapToObj(i -> Note.of(String.format("n%04d", i), "g1", "alice", Notes.T0 + i))
                    .toList());
            // every other record of the newest 100 vanishes behind Larder's back, as expiry does
            for (int i = 200; i < 300; i += 2) {
                redis.call("DEL", base + "r:" + String.format("n%04d", i));
            }

            REDIS.get().process().resetStats();
            Page<Note> page = notes.list(Query.in("group", "g1").newestFirst().limit(100));
            CommandStats listed = REDIS.get().process().commandStats();

            assertThat(page.items()).hasSize(100).extracting(Note::id).startsWith("n0299", "n0297").endsWith("n0150");
            assertThat(listed.calls("evalsha")).as("one repair call, no range script").isEqualTo(1);
            assertThat((Long) redis.call("ZCARD", base + "t")).isEqualTo(250);
            assertThat((Long) redis.call("ZCARD", base + "i:author:alice")).isEqualTo(300);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aBackendLoadsTheArchiveScriptsOnceForAllItsStores(Client client) {
        AtomicReference<CountingDriver> counting = new AtomicReference<>();
        try (Larder larder = counted(client, counting)) {
            int before = counting.get().scriptLoads.get();
            larder.store(Notes.spec("archive-month-1").layout(Layout.ARCHIVE).build());
            int first = counting.get().scriptLoads.get() - before;
            // a monthly chat archive opens one store a month
            for (int month = 2; month <= 12; month++) {
                larder.store(Notes.spec("archive-month-" + month).layout(Layout.ARCHIVE).build());
            }

            int scripts = 6;     // append, fetch, commit, range, tails, tally
            assertThat(first).as("the first archive store loads the archive scripts").isEqualTo(scripts);
            assertThat(counting.get().scriptLoads.get() - before).as("the eleven after it load none").isEqualTo(scripts);
        }
    }

    /** A Larder whose driver, once made, is counted by the {@link CountingDriver} in {@code counting}. */
    private static Larder counted(Client client, AtomicReference<CountingDriver> counting) {
        return Notes.larder(RedisBackend.create(BackendSettings.of(Targets.standalone(REDIS.get(), client)), d -> {
            counting.set(new CountingDriver(d));
            return counting.get();
        }));
    }
}
