package io.larder.cache;

import io.larder.Secret;
import io.larder.spi.BackendSettings;
import io.larder.spi.BackendSettings.Client;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;

/** Backend settings that point at the testkit's servers: commands time out after 1 s, so an outage opens the breaker soon; connecting may take 5 s on a loaded machine. */
final class Targets {
    static final BackendSettings.Timeouts TIMEOUTS = new BackendSettings.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));

    private Targets() {
    }

    static BackendSettings standalone(RedisStandalone redis, Client client) {
        BackendSettings s = BackendSettings.defaults().withType(BackendSettings.Type.REDIS).withClient(client)
                .withAddress(redis.host(), redis.port()).withTimeouts(TIMEOUTS);
        return redis.password().isPresent() ? s.withCredentials("", Secret.of(redis.password().get())) : s;
    }

    static BackendSettings cluster(RedisClusterGroup group, Client client) {
        BackendSettings s = BackendSettings.defaults().withType(BackendSettings.Type.REDIS_CLUSTER).withClient(client)
                .withTimeouts(TIMEOUTS)
                .withCluster(new BackendSettings.Cluster(group.seeds().stream()
                        .map(a -> new BackendSettings.HostPort(a.host(), a.port())).toList(), true, Duration.ofSeconds(10),
                        BackendSettings.ReadFrom.MASTER));
        return group.password().isPresent() ? s.withCredentials("", Secret.of(group.password().get())) : s;
    }
}
