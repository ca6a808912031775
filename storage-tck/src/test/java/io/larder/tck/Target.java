package io.larder.tck;

import io.larder.BackendSettings;
import io.larder.BackendSettings.Client;
import io.larder.BackendSettings.Type;
import io.larder.Secret;
import io.larder.cluster.ClusterBackend;
import io.larder.memory.MemoryBackend;
import io.larder.redis.RedisBackend;
import io.larder.spi.Backend;
import io.larder.testkit.HostAndPort;
import java.time.Duration;
import java.util.List;

/**
 * The seven places every kit runs: the memory adapter, and standalone, Sentinel and Cluster on
 * each driver. The Redis targets use the run's shared topologies ({@link Topologies}), which
 * need no password.
 */
enum Target {
    MEMORY(Type.MEMORY, Client.JEDIS),
    STANDALONE_JEDIS(Type.REDIS, Client.JEDIS),
    STANDALONE_LETTUCE(Type.REDIS, Client.LETTUCE),
    SENTINEL_JEDIS(Type.REDIS_SENTINEL, Client.JEDIS),
    SENTINEL_LETTUCE(Type.REDIS_SENTINEL, Client.LETTUCE),
    CLUSTER_JEDIS(Type.REDIS_CLUSTER, Client.JEDIS),
    CLUSTER_LETTUCE(Type.REDIS_CLUSTER, Client.LETTUCE);

    /** Short timeouts, so a behaviour about an outage does not wait the production default of 30 s. */
    private static final BackendSettings.Timeouts TIMEOUTS =
            new BackendSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

    private final Type type;
    private final Client client;

    Target(Type type, Client client) {
        this.type = type;
        this.client = client;
    }

    /** A new backend on this target; the caller closes it. */
    Backend backend() {
        return switch (type) {
            case MEMORY -> MemoryBackend.create();
            case REDIS -> RedisBackend.create(settings().mutate().address(
                    Topologies.standalone().host(), Topologies.standalone().port()).build());
            case REDIS_SENTINEL -> RedisBackend.create(settings().mutate().sentinel(
                    new BackendSettings.Sentinel(Topologies.sentinel().masterName(),
                            hostPorts(Topologies.sentinel().sentinels()), Secret.none())).build());
            case REDIS_CLUSTER -> ClusterBackend.create(settings().mutate().cluster(
                    new BackendSettings.Cluster(hostPorts(Topologies.cluster().seeds()), true, Duration.ofSeconds(10),
                            BackendSettings.ReadFrom.MASTER)).build());
        };
    }

    /** Whether the target keeps time with the Larder's clock (memory); Redis servers keep their own. */
    boolean followsLarderClock() {
        return type == Type.MEMORY;
    }

    private BackendSettings settings() {
        return BackendSettings.builder().type(type).client(client).timeouts(TIMEOUTS).build();
    }

    private static List<BackendSettings.HostPort> hostPorts(List<HostAndPort> nodes) {
        return nodes.stream().map(a -> new BackendSettings.HostPort(a.host(), a.port())).toList();
    }
}
