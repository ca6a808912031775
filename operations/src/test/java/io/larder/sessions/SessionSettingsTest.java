package io.larder.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.SettingsSection;
import io.larder.StoreSpec;
import io.larder.memory.MemoryBackend;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {

    @Test
    void theDefaultsAreTheSeeds() {
        SessionSettings d = SessionSettings.defaults();
        assertThat(d.store()).isEqualTo("sessions");
        assertThat(d.expiry()).isEqualTo(Duration.ofDays(7));
        assertThat(d.maxAge()).isEmpty();
        assertThat(d.activityInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aSectionSetsWhatItHasAndZeroTurnsTheCapOff() {
        SessionSettings s = SessionSettings.from(SettingsSection.builder("sessions").duration("max-age", Duration.ZERO)
                .duration("expiry", Duration.ofHours(1)).text("store", "web_sessions").build());
        assertThat(s.store()).isEqualTo("web_sessions");
        assertThat(s.expiry()).isEqualTo(Duration.ofHours(1));
        assertThat(s.maxAge()).isEmpty();
        assertThatThrownBy(() -> SessionSettings.from(SettingsSection.builder("sessions").duration("expiri", Duration.ZERO)
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiri");
    }

    @Test
    void aSettingMadeTwiceOrOutOfRangeIsRefused() {
        assertThatThrownBy(() -> SessionSettings.builder().expiry(Duration.ofDays(1)).expiry(Duration.ofDays(2)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SessionSettings.builder().expiry(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionSettings.builder().store("no spaces")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLardersSectionConfiguresSessionsOpenedWithoutSettings() {
        try (Larder larder = Larder.builder().backend(MemoryBackend.create()).sweepEvery(Duration.ZERO)
                .section(SettingsSection.builder("sessions").duration("expiry", Duration.ofHours(2)).build()).build()) {
            assertThat(Sessions.open(larder).settings().expiry()).isEqualTo(Duration.ofHours(2));
        }
    }

    @Test
    void aStoreDeclaredUnderTheSessionsNameIsRefused() {
        try (Larder larder = Larder.builder().backend(MemoryBackend.create()).sweepEvery(Duration.ZERO)
                .store(StoreSpec.builder("sessions", Map.class).partitionBy("user_id").build()).build()) {
            assertThatThrownBy(() -> Sessions.open(larder)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("larder.stores");
        }
    }
}
