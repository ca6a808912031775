package io.larder.redis.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Retention;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings.Client;
import io.larder.redis.Targets;
import io.larder.spi.BackendStore;
import io.larder.spi.Position;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.spi.StoredRecord;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The archive layout's keys as KEYS.md describes them: sealing, late writes, rewrites, retention by chunk. */
class ArchiveLayoutIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();
    private static final long T0 = 1_767_225_600_000L;

    private final RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), Client.LETTUCE));
    private final String name = "arch" + System.nanoTime();
    private final String base = "larder:" + name + ":{g}:";

    @AfterEach
    void close() {
        backend.close();
    }

    private BackendStore store(int keepNewest) {
        return backend.open(new StoreLayout(name, "larder:", true, List.of("author"), Expiry.none(),
                keepNewest > 0 ? Retention.keepNewest(keepNewest) : Retention.keepAll(), Layout.ARCHIVE, 100, 1000,
                Durability.none()), Clock.systemUTC());
    }

    static RecordWrite write(String id, long time, String author) {
        return write(id, time, author, "value of " + id);
    }

    static RecordWrite write(String id, long time, String author, String value) {
        return new RecordWrite(Key.of("g", id), value.getBytes(StandardCharsets.UTF_8), time,
                List.of(new Query.Term("author", author)), 0, null);
    }

    private static List<RecordWrite> writes(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> write(String.format("m%05d", i), T0 + i * 1000L, "a" + i % 3)).toList();
    }

    private static List<String> names(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("m%05d", i)).toList();
    }

    private long zcard(String key) {
        return REDIS.get().client().callLong("ZCARD", base + key);
    }

    private long hlen(String key) {
        return REDIS.get().client().callLong("HLEN", base + key);
    }

    private static List<String> ids(List<StoredRecord> records) {
        return records.stream().map(r -> r.key().id()).toList();
    }

    private static RangeRequest all(boolean desc, int limit) {
        return new RangeRequest("g", null, Long.MIN_VALUE, Long.MAX_VALUE, desc, null, limit);
    }

    @Test
    void fullTailIsSealedIntoChunksOfTwoHundredFiftySix() {
        BackendStore s = store(0);
        for (int from = 0; from < 600; from += 100) {
            s.write(writes(from, from + 100));          // small batches land in the tail; 300 and 600 seal it
        }
        assertThat(zcard("chunks")).isEqualTo(2);
        assertThat(hlen("tail")).isEqualTo(88);
        assertThat(REDIS.get().client().callString("HGET", base + "m", "n")).isEqualTo("600");
        assertThat(ids(s.range(all(true, 3)))).containsExactly("m00599", "m00598", "m00597");
        assertThat(ids(s.range(all(false, 2)))).containsExactly("m00000", "m00001");
        assertThat(ids(s.range(all(false, 1000)))).containsExactlyElementsOf(names(0, 600));
        assertThat(s.read(List.of(Key.of("g", "m00005"), Key.of("g", "m00599")), 0)).hasSize(2);
    }

    @Test
    void aBatchOfAChunkOrMoreIsSealedWithTheTailInOneCommit() {
        BackendStore s = store(0);
        s.write(writes(0, 100));
        s.write(writes(100, 700));
        assertThat(zcard("chunks")).isEqualTo(2);
        assertThat(hlen("tail")).isEqualTo(188);
        assertThat(REDIS.get().client().callStrings("HKEYS", base + "tail")).containsExactlyInAnyOrderElementsOf(names(512, 700));
        assertThat(REDIS.get().client().callString("HGET", base + "m", "n")).isEqualTo("700");
        assertThat(ids(s.range(all(false, 1000)))).containsExactlyElementsOf(names(0, 700));
        assertThat(s.read(writes(0, 700).stream().map(RecordWrite::key).toList(), 0)).hasSize(700);
    }

    @Test
    void aBatchResavingSealedRecordsKeepsEachOnce() {
        BackendStore s = store(0);
        s.write(writes(0, 600));
        List<RecordWrite> again = new ArrayList<>(writes(300, 600));
        again.add(write("m00010", T0 + 10_000L, "b", "changed"));
        s.write(again);
        assertThat(ids(s.range(all(false, 1000)))).containsExactlyElementsOf(names(0, 600));
        assertThat(REDIS.get().client().callString("HGET", base + "m", "n")).isEqualTo("600");
        assertThat(new String(s.read(List.of(Key.of("g", "m00010")), 0).get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("changed");
    }

    @Test
    void chunksOfEqualFirstTimesArePagedInRecordOrder() {
        BackendStore s = store(0);
        List<String> all = new ArrayList<>();
        for (int c = 0; c < 9; c++) {                   // nine chunks, every record in one millisecond
            List<RecordWrite> batch = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                String id = String.format("a%04d", c * 256 + i);
                batch.add(write(id, T0, "x"));
                all.add(id);
            }
            s.write(batch);
        }
        List<RecordWrite> tenth = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            tenth.add(write(String.format("b%04d", i), T0, "x"));
            all.add(String.format("b%04d", i));
        }
        tenth.add(write("c", T0 + 1, "x"));
        all.add("c");
        s.write(tenth);
        // the zset orders equal scores by member, so chunk "10" sits between "1" and "2"
        assertThat(REDIS.get().client().callStrings("ZRANGE", base + "chunks", "0", "2")).containsExactly("1", "10", "2");
        assertThat(REDIS.get().client().callStrings("ZRANGEBYSCORE", base + "chunks", "-inf", "+inf")).hasSize(10);
        for (boolean desc : new boolean[] {false, true}) {
            List<String> paged = new ArrayList<>();
            Position after = null;
            for (int page = 0; page < 20; page++) {
                List<StoredRecord> got = s.range(new RangeRequest("g", null, Long.MIN_VALUE, Long.MAX_VALUE, desc, after, 300));
                paged.addAll(ids(got));
                if (got.size() < 300) {
                    break;
                }
                after = got.get(got.size() - 1).position();
            }
            List<String> expected = new ArrayList<>(all);
            if (desc) {
                Collections.reverse(expected);
            }
            assertThat(paged).as(desc ? "newest first" : "oldest first").containsExactlyElementsOf(expected);
        }
    }

    @Test
    void lateWriteLandsInTheChunkCoveringItsTime() {
        BackendStore s = store(0);
        s.write(writes(0, 512));
        s.write(List.of(write("late", T0 + 5500, "z")));
        assertThat(hlen("tail")).isZero();
        assertThat(zcard("chunks")).isEqualTo(2);
        assertThat(REDIS.get().client().callLong("STRLEN", base + "c:1")).isPositive();
        List<StoredRecord> first = s.range(all(false, 8));
        assertThat(ids(first)).containsExactly("m00000", "m00001", "m00002", "m00003", "m00004", "m00005", "late", "m00006");
        assertThat(ids(s.range(new RangeRequest("g", new Query.Term("author", "z"), Long.MIN_VALUE, Long.MAX_VALUE, true,
                null, 10)))).containsExactly("late");
    }

    @Test
    void lateRecordsGrowingAChunkPastTwiceItsSizeSplitIt() {
        BackendStore s = store(0);
        List<RecordWrite> recent = IntStream.range(0, 600)
                .mapToObj(i -> write("r" + (1000 + i), T0 + (1000 + i) * 1000L, "a")).toList();
        s.write(recent);
        List<RecordWrite> lastYear = IntStream.range(0, 400).mapToObj(i -> write("l" + (100 + i), T0 + i * 1000L, "a")).toList();
        s.write(lastYear);                              // older than every chunk: all land in the oldest, 656 records
        assertThat(zcard("chunks")).isEqualTo(4);
        for (String c : REDIS.get().client().callStrings("ZRANGE", base + "chunks", "0", "-1")) {
            byte[] body = (byte[]) REDIS.get().client().call("GET", base + "c:" + c);
            assertThat(ChunkCodec.entries(body)).hasSizeLessThanOrEqualTo(256);
        }
        List<String> expected = new ArrayList<>();
        lastYear.forEach(w -> expected.add(w.key().id()));
        recent.forEach(w -> expected.add(w.key().id()));
        assertThat(ids(s.range(all(false, 2000)))).containsExactlyElementsOf(expected);
        assertThat(s.read(expected.stream().map(id -> Key.of("g", id)).toList(), 0)).hasSize(1000);
    }

    @Test
    void resavingAndDeletingASealedRecordRewritesItsChunk() {
        BackendStore s = store(0);
        s.write(writes(0, 258));
        s.write(List.of(write("m00007", T0 + 7000, "b", "changed")));
        assertThat(new String(s.read(List.of(Key.of("g", "m00007")), 0).get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("changed");
        assertThat(s.delete(List.of(Key.of("g", "m00008"), Key.of("g", "m00257"), Key.of("g", "none")))).isEqualTo(2);
        assertThat(s.read(List.of(Key.of("g", "m00008")), 0)).isEmpty();
        assertThat(s.range(all(false, 1000))).hasSize(256);
        assertThat(REDIS.get().client().callString("HGET", base + "m", "n")).isEqualTo("256");
    }

    @Test
    void retentionDropsWholeChunksFirst() {
        BackendStore s = store(300);
        s.write(writes(0, 1000));
        assertThat(s.range(all(false, 1000))).hasSize(300);
        assertThat(ids(s.range(all(false, 1)))).containsExactly("m00700");
        assertThat(s.read(List.of(Key.of("g", "m00699")), 0)).isEmpty();
        assertThat(REDIS.get().client().callString("HGET", base + "m", "n")).isEqualTo("300");
        assertThat(zcard("chunks")).isEqualTo(1);
    }

    @Test
    void indexSplitsAsKeysMdSaysWhenBatchesSealStraightIntoChunks() {
        BackendStore s = store(0);
        s.write(writes(0, 30));                              // the tail, through the append script
        s.write(writes(30, 1030));                           // sealed with the tail: the client plans the splits
        s.write(writes(1030, 1300));
        List<RecordWrite> resaved = new ArrayList<>(writes(1300, 3300));
        resaved.addAll(writes(500, 800));                   // sealed ones again, and new ones, in one batch
        s.write(resaved);
        assertIndexAsKeysMdSays(3300, 48);
        for (int from = 3300; from < 4300; from += 10) {
            s.write(writes(from, from + 10));                // appends leave splits to the seals that follow them
        }
        assertIndexAsKeysMdSays(4300, 56);
        assertThat(s.read(names(0, 4300).stream().map(id -> Key.of("g", id)).toList(), 0)).hasSize(4300);
    }

    @Test
    void appendsLeaveSplitsToTheNextSeal() {
        BackendStore s = store(0);
        s.write(writes(0, 200));
        for (int from = 200; from < 250; from += 10) {
            s.write(writes(from, from + 10));
        }
        assertIndexAsKeysMdSays(250, 56);            // 5 buckets: an append split none past 56 records a bucket
        s.write(writes(250, 300));                   // the tail holds 300: sealed, and split to 48 by the client's plan
        assertThat(zcard("chunks")).isEqualTo(1);
        assertIndexAsKeysMdSays(300, 48);
        assertThat(s.read(names(0, 300).stream().map(id -> Key.of("g", id)).toList(), 0)).hasSize(300);
    }

    /**
     * Every id in the bucket KEYS.md's formula names, once; at most {@code load} ids a bucket on
     * average, and at least one more bucket would take that under 48.
     */
    private void assertIndexAsKeysMdSays(long records, int load) {
        var redis = REDIS.get().client();
        int level = Integer.parseInt(java.util.Objects.requireNonNullElse(redis.callString("HGET", base + "m", "L"), "0"));
        long next = Long.parseLong(java.util.Objects.requireNonNullElse(redis.callString("HGET", base + "m", "p"), "0"));
        long buckets = (1L << level) + next;
        long indexed = 0;
        for (String key : redis.callStrings("KEYS", base + "x:*")) {
            long b = Long.parseLong(key.substring((base + "x:").length()));
            assertThat(b).isLessThan(buckets);
            List<String> fields = redis.callStrings("HKEYS", key);
            for (String id : fields) {
                assertThat(ArchiveKeys.bucket(ArchiveKeys.hash(id), level, next)).as(id).isEqualTo(b);
            }
            indexed += fields.size();
        }
        assertThat(indexed).isEqualTo(records);
        assertThat(redis.callString("HGET", base + "m", "n")).isEqualTo(Long.toString(records));
        assertThat(records).isLessThanOrEqualTo(load * buckets);
        assertThat(records).isGreaterThan(48 * (buckets - 1));
    }

    @Test
    void indexSplitsIntoSmallBucketsAsThePartitionGrows() {
        BackendStore s = store(0);
        List<RecordWrite> all = new ArrayList<>(writes(0, 1000));
        s.write(all);
        List<String> buckets = REDIS.get().client().callStrings("KEYS", base + "x:*");
        assertThat(buckets.size()).isGreaterThanOrEqualTo(1000 / 48);
        for (String b : buckets) {
            assertThat(REDIS.get().client().callLong("HLEN", b)).isLessThanOrEqualTo(128);
        }
        assertThat(s.read(all.stream().map(RecordWrite::key).toList(), 0)).hasSize(1000);
    }
}
