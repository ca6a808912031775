package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Health;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StorageUnavailableException;
import io.larder.StoreSpec;
import io.larder.spi.BackendSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A master is killed under steady writes through both drivers at once: writes to its slots
 * resume on the promoted replica by themselves, every failed write says the backend was
 * unavailable, and every acknowledged write is readable afterwards. The killed node is then
 * started again and rejoins as a replica, so the shared cluster is whole for other tests.
 */
@Isolated("kills a master of the shared cluster; the gap is measured")
class FailoverIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();

    @Test
    void writesResumeOnThePromotedReplicaAndNoAcknowledgedWriteIsLost() throws Exception {
        RedisClusterGroup cluster = CLUSTER.get();
        RedisProcess victim = cluster.masters().get(0);
        List<String> groups = groupsOn(cluster, victim, 8); // every write goes to the master that dies
        try (Larder lettuce = larder(cluster, Client.LETTUCE); Larder jedis = larder(cluster, Client.JEDIS)) {
            Storage<Note> viaLettuce = notes(lettuce, "failover-lettuce");
            Storage<Note> viaJedis = notes(jedis, "failover-jedis");
            Writer lettuceWriter = new Writer("writer-lettuce", viaLettuce, groups);
            Writer jedisWriter = new Writer("writer-jedis", viaJedis, groups);
            try {
                lettuceWriter.awaitAcknowledged(300);
                jedisWriter.awaitAcknowledged(300);
                long killedAt = System.nanoTime();
                cluster.killMaster(0);
                RedisProcess promoted = cluster.awaitFailover(Duration.ofSeconds(30));
                long promotedAfter = (System.nanoTime() - killedAt) / 1_000_000;
                lettuceWriter.awaitAcknowledged(lettuceWriter.acknowledged.size() + 300);
                jedisWriter.awaitAcknowledged(jedisWriter.acknowledged.size() + 300);
                lettuceWriter.close();
                jedisWriter.close();
                Health health = lettuce.health();
                for (Writer w : List.of(lettuceWriter, jedisWriter)) {
                    System.out.printf("FAILOVER %s: %s killed, %s promoted %d ms later; longest pause between acknowledged"
                                    + " writes %d ms; %d failed writes %s; %d acknowledged%n", w == lettuceWriter ? "LETTUCE" : "JEDIS",
                            victim, promoted, promotedAfter, w.longestGapMillis(), w.failed(), w.failures, w.acknowledged.size());
                    assertThat(w.failures.keySet()).as("every failure is retryable").allMatch(name ->
                            name.equals(StorageUnavailableException.class.getSimpleName()) || name.equals("CommandTimeoutException"));
                }
                System.out.println("FAILOVER health after: " + health);
                assertThat(viaLettuce.loadAll(lettuceWriter.acknowledged)).as("acknowledged via Lettuce")
                        .hasSize(lettuceWriter.acknowledged.size());
                assertThat(viaJedis.loadAll(jedisWriter.acknowledged)).as("acknowledged via Jedis")
                        .hasSize(jedisWriter.acknowledged.size());
                assertThat(health.details()).containsEntry("cluster_state", "ok").containsEntry("cluster_slots_ok", "16384");
            } finally {
                lettuceWriter.close();
                jedisWriter.close();
                rejoin(cluster, victim);
            }
        }
    }

    /** Starts the killed node again; it finds its slots taken over and becomes a replica. */
    private static void rejoin(RedisClusterGroup cluster, RedisProcess victim) {
        victim.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (cluster.replicas().size() < 3 || !"slave".equals(victim.role())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(victim + " did not rejoin as a replica within 30 s");
            }
            Writer.sleep(100);
        }
    }

    static List<String> groupsOn(RedisClusterGroup cluster, RedisProcess master, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            if (cluster.nodeForSlot(RedisClusterGroup.slot("{fg" + i + "}")).equals(master)) {
                out.add("fg" + i);
            }
        }
        return out;
    }

    static Larder larder(RedisClusterGroup cluster, Client client) {
        return Larder.builder().backend(ClusterBackend.create(Targets.cluster(cluster, client))).sweepEvery(Duration.ZERO).build();
    }

    static Storage<Note> notes(Larder larder, String name) {
        return larder.store(StoreSpec.builder(name, Note.class).partitionBy("group").time("at").index("author").build());
    }
}
