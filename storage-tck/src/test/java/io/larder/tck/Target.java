package io.larder.tck;

import io.larder.HostPort;
import io.larder.Secret;
import io.larder.cluster.ClusterBackend;
import io.larder.cluster.ClusterSettings;
import io.larder.memory.MemoryBackend;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
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
    private static final RedisSettings.Timeouts TIMEOUTS =
            new RedisSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

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
                    new RedisSettings.Sentinel(Topologies.sentinel().masterName(),
                            hostPorts(Topologies.sentinel().sentinels()), Secret.none())).build());
            case REDIS_CLUSTER -> ClusterBackend.create(ClusterSettings.builder().nodes(hostPorts(Topologies.cluster().seeds()))
                    .topologyRefresh(Duration.ofSeconds(10)).redis(settings()).build());
        };
    }

    /** Whether the target keeps time with the Larder's clock (memory); Redis servers keep their own. */
    boolean followsLarderClock() {
        return type == Type.MEMORY;
    }

    private RedisSettings settings() {
        return RedisSettings.builder().client(client).timeouts(TIMEOUTS).build();
    }

    private static List<HostPort> hostPorts(List<HostAndPort> nodes) {
        return nodes.stream().map(a -> new HostPort(a.host(), a.port())).toList();
    }

    /** Which adapter, and how it finds its servers. */
    private enum Type {
        MEMORY, REDIS, REDIS_SENTINEL, REDIS_CLUSTER
    }
}
