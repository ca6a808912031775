package io.larder.redis;

import io.larder.BackendSettings;
import io.larder.BackendSettings.Client;
import io.larder.Secret;
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
        BackendSettings s = BackendSettings.builder().type(BackendSettings.Type.REDIS).client(client)
                .address(redis.host(), redis.port()).timeouts(TIMEOUTS).build();
        if (redis.password().isPresent()) {
            s = s.mutate().credentials("", Secret.of(redis.password().get())).build();
        }
        return s;
    }

    public static BackendSettings sentinel(RedisSentinelGroup group, Client client) {
        BackendSettings s = BackendSettings.builder().type(BackendSettings.Type.REDIS_SENTINEL).client(client)
                .timeouts(TIMEOUTS)
                .sentinel(new BackendSettings.Sentinel(group.masterName(), group.sentinels().stream()
                        .map(a -> new BackendSettings.HostPort(a.host(), a.port())).toList(), Secret.none())).build();
        if (group.password().isPresent()) {
            s = s.mutate().credentials("", Secret.of(group.password().get())).build();
        }
        return s;
    }
}
