package io.larder.cache;

import io.larder.HostPort;
import io.larder.Secret;
import io.larder.cluster.ClusterSettings;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;

/** Backend settings that point at the testkit's servers: commands time out after 1 s, so an outage opens the breaker soon; connecting may take 5 s on a loaded machine. */
final class Targets {
    static final RedisSettings.Timeouts TIMEOUTS = new RedisSettings.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));

    private Targets() {
    }

    static RedisSettings standalone(RedisStandalone redis, Client client) {
        RedisSettings s = RedisSettings.builder().client(client).address(redis.host(), redis.port()).timeouts(TIMEOUTS).build();
        return redis.password().isPresent() ? s.mutate().credentials("", Secret.of(redis.password().get())).build() : s;
    }

    static ClusterSettings cluster(RedisClusterGroup group, Client client) {
        RedisSettings.Builder redis = RedisSettings.builder().client(client).timeouts(TIMEOUTS);
        if (group.password().isPresent()) {
            redis.credentials("", Secret.of(group.password().get()));
        }
        return ClusterSettings.builder().nodes(group.seeds().stream().map(a -> new HostPort(a.host(), a.port())).toList())
                .topologyRefresh(Duration.ofSeconds(10)).redis(redis.build()).build();
    }
}
