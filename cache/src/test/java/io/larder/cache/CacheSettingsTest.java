package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Larder;
import io.larder.StoreSpec;
import io.larder.memory.MemoryBackend;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings and the builder refuse what cannot work, naming it. */
class CacheSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        CacheSettings d = CacheSettings.defaults();
        assertThat(d.negativeTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.onPut()).isEqualTo(CacheSettings.OnPut.UPDATE);
        assertThat(d.failureRate()).isEqualTo(50);
        assertThat(d.window()).isEqualTo(10);
        assertThat(d.openFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.probes()).isEqualTo(3);
        assertThat(d.slowCall()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.warmUpKeys()).isEmpty();
    }

    @Test
    void aSettingMadeTwiceIsRefused() {
        assertThatThrownBy(() -> CacheSettings.builder().openFor(Duration.ofSeconds(1)).openFor(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("openFor was already set");
    }

    @Test
    void valuesOutOfRangeAreRefusedWithTheValue() {
        assertThatThrownBy(() -> CacheSettings.builder().failureRate(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> CacheSettings.builder().failureRate(101)).hasMessageContaining("got 101");
        assertThatThrownBy(() -> CacheSettings.builder().window(0)).hasMessageContaining("window");
        assertThatThrownBy(() -> CacheSettings.builder().probes(0)).hasMessageContaining("probes");
        assertThatThrownBy(() -> CacheSettings.builder().openFor(Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> CacheSettings.builder().negativeTtl(Duration.ofSeconds(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> CacheSettings.builder().warmUpKeys(List.of("a", " "))).hasMessageContaining("empty key");
    }

    @Test
    void aCacheWithoutAVersionIsRefused() {
        try (Larder larder = Larder.builder().backend(MemoryBackend.create()).sweepEvery(Duration.ZERO).build()) {
            CachedStore.Builder<Plan> b = CachedStore.over(larder.store(StoreSpec.builder("plans", Plan.class).build()),
                    key -> Optional.empty());
            assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("version is required");
        }
    }

    @Test
    void aPutWithoutAWriterIsRefused() {
        try (Larder larder = Larder.builder().backend(MemoryBackend.create()).sweepEvery(Duration.ZERO).build()) {
            CachedStore<Plan> plans = CachedStore.over(larder.store(StoreSpec.builder("plans", Plan.class).build()),
                    key -> Optional.<Plan>empty()).version(Plan::version).build();
            assertThatThrownBy(() -> plans.put(new Plan("1", 1, "x"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without a writer");
        }
    }
}
