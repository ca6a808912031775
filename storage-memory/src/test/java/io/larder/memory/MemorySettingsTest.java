package io.larder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.BackendSettings;
import io.larder.Durability;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemorySettingsTest {

    @Test
    void theDefaultKeepsNoSnapshotAndMutateAddsOne() {
        MemorySettings none = MemorySettings.defaults();
        MemorySettings kept = none.mutate().snapshot(Path.of("larder.snapshot"), Duration.ofMinutes(2)).build();

        assertThat(none.snapshot().isEnabled()).isFalse();
        assertThat(kept.snapshot().path()).isEqualTo(Path.of("larder.snapshot"));
        assertThat(BackendSettings.of(kept).provider()).isEqualTo("memory");
    }

    @Test
    void aSnapshotSetTwiceOrWithoutIntervalIsRefused() {
        MemorySettings.Builder b = MemorySettings.builder().snapshot(Path.of("a"), Duration.ofMinutes(1));

        assertThatThrownBy(() -> b.snapshot(Path.of("b"), Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MemorySettings.builder().snapshot(Path.of("a"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProviderRefusesReplicasAndADiskWithoutSnapshot() {
        MemoryBackendProvider provider = new MemoryBackendProvider();
        Durability asked = Durability.builder().replicas(1).disk(Durability.Disk.ALWAYS).build();

        assertThat(provider.refusals(MemorySettings.defaults(), asked)).containsOnlyKeys("replicas", "disk");
        MemorySettings kept = MemorySettings.builder().snapshot(Path.of("x"), Duration.ofMinutes(1)).build();
        assertThat(provider.refusals(kept, asked)).containsOnlyKeys("replicas");
    }
}
