package io.larder.redis;

import io.larder.Secret;
import io.larder.spi.BackendSettings.Client;
import io.larder.spi.BackendSettings;
import io.larder.testkit.RedisSentinelGroup;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;

/** Backend settings that point at the testkit's servers. */
public final class Targets {
    /** Short timeouts so a test about an outage does not wait the production default of 30 s. */
    public static final BackendSettings.Timeouts TIMEOUTS = new BackendSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

    private Targets() {
    }

    public static BackendSettings standalone(RedisStandalone redis, Client client) {
        BackendSettings s = BackendSettings.defaults().withType(BackendSettings.Type.REDIS).withClient(client)
                .withAddress(redis.host(), redis.port()).withTimeouts(TIMEOUTS);
        if (redis.password().isPresent()) {
            s = s.withCredentials("", Secret.of(redis.password().get()));
        }
        return s;
    }

    public static BackendSettings sentinel(RedisSentinelGroup group, Client client) {
        BackendSettings s = BackendSettings.defaults().withType(BackendSettings.Type.REDIS_SENTINEL).withClient(client)
                .withTimeouts(TIMEOUTS)
                .withSentinel(new BackendSettings.Sentinel(group.masterName(), group.sentinels().stream()
                        .map(a -> new BackendSettings.HostPort(a.host(), a.port())).toList(), Secret.none()));
        if (group.password().isPresent()) {
            s = s.withCredentials("", Secret.of(group.password().get()));
        }
        return s;
    }
}
