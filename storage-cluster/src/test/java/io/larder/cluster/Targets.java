package io.larder.cluster;

import io.larder.BackendSettings;
import io.larder.BackendSettings.Client;
import io.larder.Larder;
import io.larder.Secret;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import java.time.Duration;

/** Backend settings that point at the testkit's cluster, and the one cluster every test class shares. */
final class Targets {
    /** Short timeouts so a test about an outage does not wait the production default of 30 s. */
    static final BackendSettings.Timeouts TIMEOUTS = new BackendSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

    private Targets() {
    }

    /** The module's six-node cluster, started once for every test class. */
    static RedisExtension<RedisClusterGroup> sharedCluster() {
        return RedisExtension.cluster().shared();
    }

    /** A Larder on the cluster through {@code client}, without the background sweep. */
    static Larder larder(RedisClusterGroup cluster, Client client) {
        return Larder.builder().backend(ClusterBackend.create(cluster(cluster, client))).sweepEvery(Duration.ZERO).build();
    }

    /** A store of notes: partitioned by group, timed by {@code at}, indexed by author. */
    static Storage<Note> notes(Larder larder, String name) {
        return larder.store(StoreSpec.builder(name, Note.class).partitionBy("group").time("at").index("author").build());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static BackendSettings cluster(RedisClusterGroup group, Client client) {
        BackendSettings s = BackendSettings.builder().type(BackendSettings.Type.REDIS_CLUSTER).client(client)
                .timeouts(TIMEOUTS)
                .cluster(new BackendSettings.Cluster(group.seeds().stream()
                        .map(a -> new BackendSettings.HostPort(a.host(), a.port())).toList(), true, Duration.ofSeconds(10),
                        BackendSettings.ReadFrom.MASTER)).build();
        if (group.password().isPresent()) {
            s = s.mutate().credentials("", Secret.of(group.password().get())).build();
        }
        return s;
    }
}
