package io.larder.cluster;

import io.larder.HostPort;
import io.larder.Larder;
import io.larder.Secret;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import java.time.Duration;

/** Backend settings that point at the testkit's cluster, and the one cluster every test class shares. */
final class Targets {
    /** Short timeouts so a test about an outage does not wait the production default of 30 s. */
    static final RedisSettings.Timeouts TIMEOUTS = new RedisSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

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

    static ClusterSettings cluster(RedisClusterGroup group, Client client) {
        return cluster(group, client, TIMEOUTS);
    }

    /** The cluster through {@code client}, with {@code timeouts}. */
    static ClusterSettings cluster(RedisClusterGroup group, Client client, RedisSettings.Timeouts timeouts) {
        RedisSettings.Builder redis = RedisSettings.builder().client(client).timeouts(timeouts);
        if (group.password().isPresent()) {
            redis.credentials("", Secret.of(group.password().get()));
        }
        return ClusterSettings.builder().nodes(group.seeds().stream().map(a -> new HostPort(a.host(), a.port())).toList())
                .topologyRefresh(Duration.ofSeconds(10)).redis(redis.build()).build();
    }
}
