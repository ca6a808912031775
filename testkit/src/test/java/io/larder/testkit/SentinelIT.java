package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SentinelIT {

    @Test
    void killedMasterIsReplacedByItsReplicaWithTheData() {
        RedisSentinelGroup group = RedisSentinelGroup.builder().password("sentinel-pw").build();
        try (group) {
            HostAndPort original = group.master();
            assertThat(group.sentinels()).hasSize(3);
            assertThat(group.masterName()).isEqualTo("mymaster");
            try (RespClient master = group.masterProcess().client()) {
                master.call("SET", "larder:survivor", "yes");
                assertThat(master.callLong("WAIT", 1, 5_000)).isEqualTo(1);
            }

            RedisProcess killed = group.killMaster();
            HostAndPort promoted = group.awaitFailover(Duration.ofSeconds(30));

            assertThat(killed.address()).isEqualTo(original);
            assertThat(promoted).isNotEqualTo(original);
            assertThat(group.master()).isEqualTo(promoted);
            assertThat(group.masterProcess().role()).isEqualTo("master");
            assertThat(RespClient.text(group.masterProcess().call("GET", "larder:survivor"))).isEqualTo("yes");
        }
        for (RedisProcess process : group.processes()) {
            assertThat(process.isAlive()).isFalse();
            assertThat(FreePorts.isFree(process.port())).as("port of %s", process).isTrue();
        }
    }
}
