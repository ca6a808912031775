package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.BackendSettings;
import io.larder.Durability;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StorageUnavailableException;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisProcess;
import io.larder.testkit.Together;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A master killed and started again before anything fails over (the cluster has no replicas):
 * every read after the restart succeeds, on both drivers. On Jedis the node's pooled connections
 * were opened to the process that died, so the first failure drops them (before, each stale one
 * failed once more when borrowed, which a cache in front saw as a second outage); Lettuce
 * reconnects its connection to the node by itself.
 */
@Isolated("kills and restarts a node of its own cluster")
class ClusterReconnectIT {
    private static final int THREADS = 6;

    @ParameterizedTest
    @EnumSource(Client.class)
    void afterAKilledMasterIsBackNoReadMeetsAConnectionToTheOldProcess(Client client) throws Exception {
        try (RedisClusterGroup cluster = RedisClusterGroup.builder().replicasPerMaster(0).build();
                Larder larder = Larder.builder().backend(ClusterBackend.create(BackendSettings.of(Targets.cluster(cluster,
                        client)).mutate().durability(Durability.none()).build())).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = Targets.notes(larder, "reconnect");
            Note note = Note.of("n1", "g1", "ann", 1_000L);
            notes.save(note);
            Key key = Key.of("g1", "n1");
            RedisProcess victim = cluster.nodeForSlot(RedisClusterGroup.slot("{g1}"));
            Together.run(THREADS, 20, () -> assertThat(notes.load(key)).isPresent()); // connections idle in its pool

            victim.kill();
            assertThatThrownBy(() -> notes.load(key)).isInstanceOf(StorageUnavailableException.class);
            victim.restart();  // from its nodes.conf: it serves the same slots again, empty (no persistence)
            awaitClusterOk(cluster);

            for (int i = 0; i < 2 * THREADS; i++) {
                assertThat(notes.load(key)).as("read %d after the restart", i).isEmpty();
            }
        }
    }

    private static void awaitClusterOk(RedisClusterGroup cluster) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!cluster.masters().stream().allMatch(m -> text(m.call("CLUSTER", "INFO")).contains("cluster_state:ok"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the cluster did not report cluster_state:ok within 30 s of the restart");
            }
            Thread.sleep(100);
        }
    }

    private static String text(@Nullable Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
