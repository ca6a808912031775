package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.ConfigurationException;
import io.larder.HostPort;
import io.larder.Secret;
import io.larder.redis.RedisSettings.Client;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void builderStartsFromTheDefaults() {
        assertThat(RedisSettings.builder().build()).isEqualTo(RedisSettings.defaults());
        assertThat(RedisSettings.defaults().client()).as("Jedis, the faster by measurement").isEqualTo(Client.JEDIS);
        assertThat(RedisSettings.defaults().provider()).isEqualTo("redis");
    }

    @Test
    void mutateChangesOnlyWhatItSets() {
        RedisSettings redis = RedisSettings.builder().address("10.0.0.5", 6380).database(2).build();
        RedisSettings lettuce = redis.mutate().client(Client.LETTUCE).build();

        assertThat(lettuce.client()).isEqualTo(Client.LETTUCE);
        assertThat(lettuce.host()).isEqualTo("10.0.0.5");
        assertThat(lettuce.port()).isEqualTo(6380);
        assertThat(lettuce.database()).isEqualTo(2);
        assertThat(redis.client()).isEqualTo(Client.JEDIS);
    }

    @Test
    void sentinelSettingsAreServedByTheSentinelProvider() {
        RedisSettings s = RedisSettings.builder()
                .sentinel(new RedisSettings.Sentinel("mymaster", List.of(new HostPort("s1", 26379)), Secret.none())).build();

        assertThat(s.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
        assertThat(BackendSettings.of(s).provider()).isEqualTo("redis-sentinel");
    }

    @Test
    void aSettingMadeTwiceIsRefused() {
        RedisSettings.Builder b = RedisSettings.builder().client(Client.JEDIS);

        assertThatThrownBy(() -> b.client(Client.LETTUCE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client");
    }

    @Test
    void argumentsAreCheckedWhereTheyEnter() {
        assertThatThrownBy(() -> RedisSettings.builder().address("h", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> RedisSettings.builder().database(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisSettings.builder().tls(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void thePasswordStaysOutOfToString() {
        RedisSettings s = RedisSettings.builder().credentials("app", Secret.of("hunter2-secret")).build();

        assertThat(s.toString()).doesNotContain("hunter2-secret");
        assertThat(BackendSettings.of(s).toString()).doesNotContain("hunter2-secret");
    }

    /** Settings of an adapter that calls itself redis, but are not the Redis adapter's. */
    private record Impostor() implements AdapterSettings {
        @Override
        public String provider() {
            return "redis";
        }
    }

    @Test
    void anotherAdaptersSettingsAreRefusedNamingTheirType() {
        assertThatThrownBy(() -> RedisBackend.create(BackendSettings.builder().provider("memory").build()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("memory");
        assertThatThrownBy(() -> RedisBackend.create(BackendSettings.of(new Impostor())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("RedisSettings")
                .hasMessageContaining("Impostor");
        assertThat(RedisBackend.own(BackendSettings.builder().provider("redis").build())).isEqualTo(RedisSettings.defaults());
    }
}
