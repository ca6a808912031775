package io.larder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.BackendSettings.Client;
import io.larder.BackendSettings.Type;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {

    @Test
    void builderStartsFromTheDefaults() {
        assertThat(BackendSettings.builder().build()).isEqualTo(BackendSettings.defaults());
    }

    @Test
    void mutateChangesOnlyWhatItSets() {
        BackendSettings redis = BackendSettings.builder().type(Type.REDIS).address("10.0.0.5", 6380).database(2).build();
        BackendSettings lettuce = redis.mutate().client(Client.LETTUCE).build();

        assertThat(lettuce.client()).isEqualTo(Client.LETTUCE);
        assertThat(lettuce.host()).isEqualTo("10.0.0.5");
        assertThat(lettuce.port()).isEqualTo(6380);
        assertThat(lettuce.database()).isEqualTo(2);
        assertThat(redis.client()).isEqualTo(Client.JEDIS);
    }

    @Test
    void aSettingMadeTwiceIsRefused() {
        BackendSettings.Builder b = BackendSettings.builder().type(Type.REDIS);

        assertThatThrownBy(() -> b.type(Type.MEMORY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("type");
    }

    @Test
    void argumentsAreCheckedWhereTheyEnter() {
        assertThatThrownBy(() -> BackendSettings.builder().address("h", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> BackendSettings.builder().database(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendSettings.builder().tls(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void thePasswordStaysOutOfToString() {
        BackendSettings s = BackendSettings.builder().credentials("app", Secret.of("hunter2-secret")).build();

        assertThat(s.toString()).doesNotContain("hunter2-secret");
    }
}
