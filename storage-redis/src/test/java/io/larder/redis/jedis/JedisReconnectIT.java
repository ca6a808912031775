package io.larder.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.StorageUnavailableException;
import io.larder.redis.RedisSettings;
import io.larder.redis.Targets;
import io.larder.testkit.HostAndPort;
import io.larder.testkit.RedisProcess;
import io.larder.testkit.RedisSentinelGroup;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.Together;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A server killed and started again: the pool's idle connections were opened to the process that
 * died, so the first failure drops them, and every command after the restart succeeds (before,
 * each stale connection failed once more when borrowed, which a cache saw as a second outage).
 * The same holds under Sentinel when the master is back before the sentinels fail over.
 */
@Isolated("kills and restarts its own Redis servers")
class JedisReconnectIT {
    private static final int THREADS = 6;

    @Test
    void afterAKilledServerIsBackNoCommandMeetsAConnectionToTheOldOne() throws Exception {
        try (RedisStandalone redis = RedisStandalone.start();
                JedisDriver driver = JedisDriver.open(RedisSettings.builder().address(redis.host(), redis.port())
                        .timeouts(new RedisSettings.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(3))).build())) {
            Together.run(THREADS, 20, driver::ping); // leaves that many connections idle in the pool

            redis.process().kill();
            assertThatThrownBy(driver::ping).isInstanceOf(StorageUnavailableException.class);
            redis.process().restart();

            for (int i = 0; i < 2 * THREADS; i++) {
                assertThat(driver.ping()).as("ping %d after the restart", i).isNotNull();
            }
        }
    }

    @Test
    void afterASentinelMasterIsBackBeforeAFailoverNoCommandMeetsAConnectionToTheOldOne() throws Exception {
        // down-after far above the outage: the sentinels keep the same master, so Jedis keeps its pool
        try (RedisSentinelGroup group = RedisSentinelGroup.builder().downAfter(Duration.ofSeconds(60)).build();
                JedisDriver driver = JedisDriver.open(Targets.sentinel(group, RedisSettings.Client.JEDIS).mutate()
                        .timeouts(new RedisSettings.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(3))).build())) {
            HostAndPort master = group.master();
            Together.run(THREADS, 20, driver::ping); // leaves that many connections idle in the pool

            RedisProcess killed = group.killMaster();
            assertThatThrownBy(driver::ping).isInstanceOf(StorageUnavailableException.class);
            killed.restart();

            for (int i = 0; i < 2 * THREADS; i++) {
                assertThat(driver.ping()).as("ping %d after the restart", i).isNotNull();
            }
            assertThat(group.master()).as("the sentinels kept the master").isEqualTo(master);
        }
    }
}
