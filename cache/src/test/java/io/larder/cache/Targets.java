package io.larder.cache;

import io.larder.BackendSettings;
import io.larder.BackendSettings.Client;
import io.larder.Secret;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;

/** Backend settings that point at the testkit's servers: commands time out after 1 s, so an outage opens the breaker soon; connecting may take 5 s on a loaded machine. */
final class Targets {
    static final BackendSettings.Timeouts TIMEOUTS = new BackendSettings.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));

    private Targets() {
    }

    static BackendSettings standalone(RedisStandalone redis, Client client) {
        BackendSettings s = BackendSettings.builder().type(BackendSettings.Type.REDIS).client(client)
                .address(redis.host(), redis.port()).timeouts(TIMEOUTS).build();
        return redis.password().isPresent() ? s.mutate().credentials("", Secret.of(redis.password().get())).build() : s;
    }

    static BackendSettings cluster(RedisClusterGroup group, Client client) {
        BackendSettings s = BackendSettings.builder().type(BackendSettings.Type.REDIS_CLUSTER).client(client)
                .timeouts(TIMEOUTS)
                .cluster(new BackendSettings.Cluster(group.seeds().stream()
                        .map(a -> new BackendSettings.HostPort(a.host(), a.port())).toList(), true, Duration.ofSeconds(10),
                        BackendSettings.ReadFrom.MASTER)).build();
        return group.password().isPresent() ? s.mutate().credentials("", Secret.of(group.password().get())).build() : s;
    }
}
