package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Health;
import io.larder.spi.BackendSettings.Client;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Health names the cluster's state, slot coverage and every node, and degrades when a slot has no master. */
@Isolated("takes a slot away from the shared cluster for a moment")
class HealthIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();
    private static final int SLOT = 16000;

    @ParameterizedTest
    @EnumSource(Client.class)
    void healthIsDegradedWhileASlotHasNoMaster(Client client) {
        RedisClusterGroup cluster = CLUSTER.get();
        try (ClusterBackend backend = ClusterBackend.create(Targets.cluster(cluster, client))) {
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
}
