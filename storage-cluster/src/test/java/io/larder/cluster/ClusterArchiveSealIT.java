package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The archive's sealing by age on a cluster: the store's tail registry lives in a slot of its
 * own, the partitions on every master; one sweep seals the quiet tails of all of them.
 */
class ClusterArchiveSealIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();
    private static final long T0 = 1_767_225_600_000L;

    @Test
    void oneSweepSealsTheQuietTailsOnEveryMaster() {
        TestClock clock = TestClock.at(T0);
        String name = "sealed-" + System.nanoTime();
        List<String> groups = IntStream.range(0, 12).mapToObj(i -> "g" + i).toList();
        try (Larder larder = Larder.builder().backend(ClusterBackend.create(Targets.cluster(CLUSTER.get(), Client.JEDIS)))
                .clock(clock).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = larder.store(StoreSpec.builder(name, Note.class).partitionBy("group").time("at")
                    .index("author").layout(Layout.ARCHIVE).build());
            for (String g : groups) {
                notes.saveAll(IntStream.range(0, 5).mapToObj(i -> Note.of(g + "-" + i, g, "alice", T0 + i)).toList());
            }
            assertThat(groups.stream().map(g -> CLUSTER.get().nodeForSlot(RedisClusterGroup.slot(base(name, g)))).distinct())
                    .hasSize(CLUSTER.get().masters().size());

            clock.set(T0 + Duration.ofHours(2).toMillis());
            larder.sweep();

            for (String g : groups) {
                assertThat(call(base(name, g) + "tail", "HLEN")).as(g).isZero();
                assertThat(call(base(name, g) + "chunks", "ZCARD")).as(g).isEqualTo(1);
                assertThat(notes.list(Query.in("group", g).limit(10)).items()).extracting(Note::id)
                        .containsExactly(g + "-0", g + "-1", g + "-2", g + "-3", g + "-4");
            }
        }
    }

    private static String base(String store, String group) {
        return "larder:" + store + ":{" + group + "}:";
    }

    private static long call(String key, String command) {
        return CLUSTER.get().nodeForSlot(RedisClusterGroup.slot(key)).client().callLong(command, key);
    }
}
