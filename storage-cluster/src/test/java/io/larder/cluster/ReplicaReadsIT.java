package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With read-from replica-preferred, loads are served by replicas: every acknowledged write is
 * already on a replica (writes wait for one), so a load right after a save finds it there.
 */
@Isolated("counts every command the servers run")
class ReplicaReadsIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();
    private static final long T0 = 1_767_225_600_000L;
    private static final int RECORDS = 600;

    @ParameterizedTest
    @EnumSource(Client.class)
    void loadsGoToReplicasAndSeeEveryAcknowledgedWrite(Client client) {
        RedisClusterGroup cluster = CLUSTER.get();
        ClusterSettings s = Targets.cluster(cluster, client).mutate().readFrom(ClusterSettings.ReadFrom.REPLICA_PREFERRED)
                .build();
        try (Larder larder = Larder.builder().backend(ClusterBackend.create(s)).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = Targets.notes(larder, "replica-reads-" + client);
            List<Note> batch = new ArrayList<>();
            List<Key> keys = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                batch.add(Note.of("n" + i, "g" + (i % 60), "alice", T0 + i));
                keys.add(Key.of("g" + (i % 60), "n" + i));
            }
            notes.saveAll(batch);
            cluster.resetStats();

            assertThat(notes.loadAll(keys)).hasSize(RECORDS);

            long onReplicas = 0;
            for (RedisProcess r : cluster.replicas()) {
                onReplicas += cluster.commandStats(r).calls("mget") + cluster.commandStats(r).calls("get");
            }
            long onMasters = 0;
            for (RedisProcess m : cluster.masters()) {
                onMasters += cluster.commandStats(m).calls("mget") + cluster.commandStats(m).calls("get");
            }
            System.out.printf("REPLICA READS %s: reads on replicas %d, on masters %d%n", client, onReplicas, onMasters);
            assertThat(onReplicas).as("one MGET per partition, every one on a replica").isEqualTo(60);
            assertThat(onMasters).isZero();
        }
    }
}
