package io.larder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {

    private record Remote(String host) implements AdapterSettings {
        @Override
        public String provider() {
            return "remote";
        }
    }

    private record Other() implements AdapterSettings {
        @Override
        public String provider() {
            return "other";
        }
    }

    @Test
    void builderStartsFromTheDefaults() {
        assertThat(BackendSettings.builder().build()).isEqualTo(BackendSettings.defaults());
        assertThat(BackendSettings.defaults().provider()).isEqualTo("memory");
        assertThat(BackendSettings.defaults().adapter()).isEmpty();
    }

    @Test
    void theAdapterSettingsNameTheirProvider() {
        BackendSettings s = BackendSettings.of(new Remote("10.0.0.5"));

        assertThat(s.provider()).isEqualTo("remote");
        assertThat(s.adapter(Remote.class, () -> new Remote("localhost")).host()).isEqualTo("10.0.0.5");
        assertThat(BackendSettings.builder().provider("remote").build().adapter(Remote.class, () -> new Remote("localhost"))
                .host()).isEqualTo("localhost");
    }

    @Test
    void anotherAdaptersSettingsAreATypedConfigurationProblem() {
        BackendSettings s = BackendSettings.of(new Other());

        assertThatThrownBy(() -> s.adapter(Remote.class, () -> new Remote("h")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Remote").hasMessageContaining("Other");
    }

    @Test
    void mutateChangesOnlyWhatItSets() {
        BackendSettings remote = BackendSettings.of(new Remote("10.0.0.5"));
        BackendSettings swept = remote.mutate().sweepInterval(Duration.ZERO).build();

        assertThat(swept.adapter()).contains(new Remote("10.0.0.5"));
        assertThat(swept.sweepInterval()).isZero();
        assertThat(remote.sweepInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aSettingMadeTwiceIsRefused() {
        BackendSettings.Builder b = BackendSettings.builder().adapter(new Remote("h"));

        assertThatThrownBy(() -> b.provider("memory")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("provider");
    }

    @Test
    void argumentsAreCheckedWhereTheyEnter() {
        assertThatThrownBy(() -> BackendSettings.builder().sweepInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendSettings.builder().provider(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendSettings.builder().durability(null)).isInstanceOf(NullPointerException.class);
    }
}
