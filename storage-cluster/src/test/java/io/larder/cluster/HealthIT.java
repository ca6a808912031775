package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.Health;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StorageUnavailableException;
import io.larder.UnconfirmedWriteException;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Health names the cluster's state, slot coverage, every node and the durability policy, and
 * degrades when a slot has no master or a master has no replica to confirm writes.
 */
@Isolated("takes a slot away from the shared cluster, and a replica, for a moment")
class HealthIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();
    private static final int SLOT = 16000;

    @ParameterizedTest
    @EnumSource(Client.class)
    void healthIsDegradedWhileASlotHasNoMaster(Client client) {
        RedisClusterGroup cluster = CLUSTER.get();
        try (ClusterBackend backend = ClusterBackend.create(Targets.cluster(cluster, client));
             Larder larder = Larder.builder().backend(backend).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = Targets.notes(larder, "unserved-" + client);
            Health healthy = backend.health();
            assertThat(healthy.status()).as("%s", healthy).isEqualTo(Health.Status.UP);
            assertThat(healthy.details()).containsEntry("cluster_state", "ok").containsEntry("cluster_slots_ok", "16384")
                    .containsEntry("masters", "3").containsEntry("replicas", "3");
            assertThat(healthy.details().keySet().stream().filter(k -> k.startsWith("node "))).hasSize(6);
            assertThat(healthy.details().values()).anyMatch(v -> v.contains("used_memory"));

            RedisProcess owner = cluster.nodeForSlot(SLOT);
            owner.call("CLUSTER", "DELSLOTS", Integer.toString(SLOT));
            try {
                Health degraded = backend.health();
                System.out.println("HEALTH " + client + " without slot " + SLOT + ": " + degraded);
                assertThat(degraded.status()).isEqualTo(Health.Status.DEGRADED);
                assertThat(degraded.details().get("reason")).contains("slots are served");
                // the owner answers CLUSTERDOWN while the driver still routes the slot to it; once the driver's
                // view has no master for the slot, no single node is at fault and the cluster is named
                StorageUnavailableException e = catchThrowableOfType(StorageUnavailableException.class,
                        () -> notes.save(Note.of("n1", groupInSlot(SLOT), "alice", 1L)));
                assertThat(e).isNotNull();
                String server = e.server().orElseThrow();
                assertThat(server).as("%s", e).satisfiesAnyOf(s -> assertThat(s).isEqualTo(owner.address().toString()),
                        s -> assertThat(s).startsWith("cluster 127.0.0.1:"));
                if (!server.startsWith("cluster ")) {
                    assertThat(e.getMessage()).contains(server);
                }
            } finally {
                owner.call("CLUSTER", "ADDSLOTS", Integer.toString(SLOT));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (backend.health().status() != Health.Status.UP && System.nanoTime() < deadline) {
                Targets.sleep(100);
            }
            assertThat(backend.health().status()).isEqualTo(Health.Status.UP);
        }
    }

    /** A master at its maxmemory under noeviction answers, but refuses writes to its slots: health names it. */
    @ParameterizedTest
    @EnumSource(Client.class)
    void aFullMasterIsNamedAndHealthIsDegraded(Client client) {
        RedisProcess master = CLUSTER.get().nodeForSlot(SLOT);
        try (ClusterBackend backend = ClusterBackend.create(Targets.cluster(CLUSTER.get(), client))) {
            master.call("CONFIG", "SET", "maxmemory", "1");
            try {
                Health full = backend.health();
                assertThat(full.status()).as("%s", full).isEqualTo(Health.Status.DEGRADED);
                assertThat(full.details().get("reason")).contains("master " + master.address() + ": the server is full",
                        "it refuses writes");
            } finally {
                master.call("CONFIG", "SET", "maxmemory", "0");
            }
            assertThat(backend.health().status()).isEqualTo(Health.Status.UP);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aMasterLeftWithoutAReplicaIsDegradedAndItsWritesUnconfirmed(Client client) {
        RedisClusterGroup cluster = CLUSTER.get();
        RedisProcess replica = cluster.replicas().get(0);
        try (ClusterBackend backend = ClusterBackend.create(Targets.cluster(cluster, client));
             Larder larder = Larder.builder().backend(backend).sweepEvery(Duration.ZERO).build()) {
            assertThat(backend.health().details()).containsEntry("durability",
                    "{replicas: 1, disk: none, timeout: PT1S, unconfirmed: fail}");
            String master = masterOf(cluster, replica);
            replica.kill();
            Health health = backend.health();
            System.out.println("HEALTH " + client + " without the replica of " + master + ": " + health);
            assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
            assertThat(health.details().get("reason")).contains("master " + master + " has 0 replicas connected");
            Storage<Note> notes = Targets.notes(larder, "lonely-" + client);
            String group = groupOn(cluster, master);
            UnconfirmedWriteException e = catchThrowableOfType(UnconfirmedWriteException.class,
                    () -> notes.save(Note.of("n1", group, "alice", 1L)));
            assertThat(e).isNotNull();
            assertThat(e.node()).isEqualTo(master);
        } finally {
            replica.restart(); // it rejoins as the replica it was, and syncs before other tests write
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"up".equals(replica.info("replication").get("master_link_status")) || cluster.replicas().size() < 3) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(replica + " did not sync with its master again within 30 s");
                }
                Targets.sleep(100);
            }
        }
    }

    /** The master {@code replica} replicates ({@code host:port}). */
    private static String masterOf(RedisClusterGroup cluster, RedisProcess replica) {
        Map<String, String> replication = replica.info("replication");
        return replication.get("master_host") + ":" + replication.get("master_port");
    }

    /** A partition in hash slot {@code slot}. */
    private static String groupInSlot(int slot) {
        for (int i = 0; ; i++) {
            if (RedisClusterGroup.slot("{s" + i + "}") == slot) {
                return "s" + i;
            }
        }
    }

    /** A partition whose slot {@code master} serves. */
    private static String groupOn(RedisClusterGroup cluster, String master) {
        for (int i = 0; ; i++) {
            if (cluster.nodeForSlot(RedisClusterGroup.slot("{h" + i + "}")).address().toString().equals(master)) {
                return "h" + i;
            }
        }
    }
}
