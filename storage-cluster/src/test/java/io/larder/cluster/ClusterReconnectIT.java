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
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    private static RedisClusterGroup cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterGroup.builder().replicasPerMaster(0).build();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void afterAKilledMasterIsBackNoReadMeetsAConnectionToTheOldProcess(Client client) throws Exception {
        try (Larder larder = Larder.builder().backend(ClusterBackend.create(BackendSettings.of(Targets.cluster(cluster,
                client)).mutate().durability(Durability.none()).build())).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = Targets.notes(larder, "reconnect-" + client);
            Note note = Note.of("n1", "g1", "ann", 1_000L);
            notes.save(note);
            Key key = Key.of("g1", "n1");
            RedisProcess victim = cluster.nodeForSlot(RedisClusterGroup.slot("{g1}"));
            Together.run(THREADS, 20, () -> assertThat(notes.load(key)).isPresent()); // connections idle in its pool

            victim.kill();
            assertThatThrownBy(() -> notes.load(key)).isInstanceOf(StorageUnavailableException.class);
            victim.restart();  // from its nodes.conf: it serves the same slots again, empty (no persistence)
            cluster.awaitSettled("the restarted master to serve its slots again");

            for (int i = 0; i < 2 * THREADS; i++) {
                assertThat(notes.load(key)).as("read %d after the restart", i).isEmpty();
            }
        }
    }
}
