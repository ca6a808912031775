package io.larder.redis;

import io.larder.HostPort;
import io.larder.Secret;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.RedisSentinelGroup;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;

/** Backend settings that point at the testkit's servers. */
public final class Targets {
    /** Short timeouts so a test about an outage does not wait the production default of 30 s. */
    public static final RedisSettings.Timeouts TIMEOUTS = new RedisSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

    private Targets() {
    }

    public static RedisSettings standalone(RedisStandalone redis, Client client) {
        RedisSettings s = RedisSettings.builder().client(client)
                .address(redis.host(), redis.port()).timeouts(TIMEOUTS).build();
        if (redis.password().isPresent()) {
            s = s.mutate().credentials("", Secret.of(redis.password().get())).build();
        }
        return s;
    }

    public static RedisSettings sentinel(RedisSentinelGroup group, Client client) {
        RedisSettings s = RedisSettings.builder().client(client)
                .timeouts(TIMEOUTS)
                .sentinel(new RedisSettings.Sentinel(group.masterName(), group.sentinels().stream()
                        .map(a -> new HostPort(a.host(), a.port())).toList(), Secret.none())).build();
        if (group.password().isPresent()) {
            s = s.mutate().credentials("", Secret.of(group.password().get())).build();
        }
        return s;
    }
}
