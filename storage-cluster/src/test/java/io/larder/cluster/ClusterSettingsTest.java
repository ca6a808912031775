package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.BackendSettings;
import io.larder.ConfigurationException;
import io.larder.HostPort;
import io.larder.Secret;
import io.larder.redis.RedisSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void mutateChangesOnlyWhatItSetsAndTheProviderIsRedisCluster() {
        ClusterSettings seeds = ClusterSettings.builder().nodes(List.of(new HostPort("10.0.0.5", 7000))).build();
        ClusterSettings replicas = seeds.mutate().readFrom(ClusterSettings.ReadFrom.REPLICA_PREFERRED).build();

        assertThat(replicas.nodes()).containsExactly(new HostPort("10.0.0.5", 7000));
        assertThat(replicas.readFrom()).isEqualTo(ClusterSettings.ReadFrom.REPLICA_PREFERRED);
        assertThat(seeds.readFrom()).isEqualTo(ClusterSettings.ReadFrom.MASTER);
        assertThat(BackendSettings.of(seeds).provider()).isEqualTo("redis-cluster");
        assertThat(ClusterSettings.builder().build()).isEqualTo(ClusterSettings.defaults());
    }

    @Test
    void aSettingMadeTwiceOrNegativeIsRefused() {
        ClusterSettings.Builder b = ClusterSettings.builder().requireFullCoverage(false);

        assertThatThrownBy(() -> b.requireFullCoverage(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requireFullCoverage");
        assertThatThrownBy(() -> ClusterSettings.builder().topologyRefresh(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConnectionPasswordStaysOutOfToString() {
        ClusterSettings s = ClusterSettings.builder()
                .redis(RedisSettings.builder().credentials("app", Secret.of("hunter2-secret")).build()).build();

        assertThat(s.toString()).doesNotContain("hunter2-secret");
    }

    @Test
    void theRedisAdaptersSettingsAreRefusedNamingTheirType() {
        BackendSettings mislabelled = BackendSettings.builder().provider("redis-cluster").build();

        assertThatThrownBy(() -> ClusterBackend.create(BackendSettings.of(RedisSettings.defaults())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("redis");
        assertThatThrownBy(() -> ClusterBackend.create(mislabelled)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cluster.nodes");
    }
}
