package io.larder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Durability.Disk;
import io.larder.Durability.Unconfirmed;
import io.larder.spi.Backend;
import io.larder.spi.BackendStore;
import io.larder.spi.CodecProvider;
import io.larder.spi.RecordCodec;
import io.larder.spi.StoreLayout;
import io.larder.spi.ValueSizes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy states what it was given, takes the rest from below, and reaches the adapter complete. */
class DurabilityTest {
    private static final Durability SENTINEL = Durability.builder().replicas(1).disk(Disk.NONE)
            .timeout(Duration.ofMillis(500)).unconfirmed(Unconfirmed.FAIL).build();

    @Test
    void aStoreAskingForDiskKeepsTheBackendsReplica() {
        Durability store = Durability.builder().disk(Disk.ALWAYS).build();

        Durability effective = store.over(SENTINEL);

        assertThat(effective.replicas()).isEqualTo(1);
        assertThat(effective.disk()).isEqualTo(Disk.ALWAYS);
        assertThat(effective.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(effective.unconfirmed()).isEqualTo(Unconfirmed.FAIL);
        assertThat(effective.isComplete()).isTrue();
        assertThat(store.isComplete()).isFalse();
    }

    @Test
    void bestEffortChangesOnlyWhatHappensToUnconfirmedWrites() {
        Durability effective = Durability.bestEffort().over(SENTINEL);

        assertThat(effective.replicas()).isEqualTo(1);
        assertThat(effective.unconfirmed()).isEqualTo(Unconfirmed.BEST_EFFORT);
        assertThat(Durability.builder().bestEffort().build()).isEqualTo(Durability.bestEffort());
    }

    @Test
    void noneStatesEverythingSoNothingComesFromBelow() {
        assertThat(Durability.none().over(SENTINEL)).isEqualTo(Durability.none());
        assertThat(Durability.none().isComplete()).isTrue();
        assertThat(Durability.none().replicas()).isZero();
        assertThat(Durability.none().disk()).isEqualTo(Disk.NONE);
        assertThat(Durability.none().timeout()).isEqualTo(Durability.DEFAULT_TIMEOUT);
    }

    @Test
    void unstatedSettingsReadAsNonesAndPrintAsTheYamlSpellsThem() {
        Durability partial = Durability.builder().replicas(2).bestEffort().build();

        assertThat(partial.disk()).isEqualTo(Disk.NONE);
        assertThat(partial.timeout()).isEqualTo(Durability.DEFAULT_TIMEOUT);
        assertThat(partial).hasToString("{replicas: 2, unconfirmed: best-effort}");
        assertThat(SENTINEL).hasToString("{replicas: 1, disk: none, timeout: PT0.5S, unconfirmed: fail}");
        assertThat(Durability.builder().build()).hasToString("{}");
    }

    @Test
    void theBuilderRefusesRepeatedAndSenselessSettings() {
        assertThatThrownBy(() -> Durability.builder().replicas(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Durability.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> Durability.builder().disk(Disk.ALWAYS).disk(Disk.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("disk");
        assertThatThrownBy(() -> Durability.builder().unconfirmed(Unconfirmed.FAIL).bestEffort())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unconfirmed");
    }

    @Test
    void theAdapterReceivesTheStoresPolicyOverItsOwnAndOnlyCompletePolicies() {
        List<StoreLayout> opened = new ArrayList<>();
        Backend sentinelLike = new Backend() {
            @Override
            public BackendStore open(StoreLayout layout, Clock clock) {
                opened.add(layout);
                throw new ConfigurationException("this test only looks at the layout");
            }

            @Override
            public Durability durability() {
                return SENTINEL;
            }

            @Override
            public Health health() {
                return Health.down("not a real backend");
            }

            @Override
            public void close() {
            }
        };
        CodecProvider unreached = new CodecProvider() {
            @Override
            public <T> RecordCodec<T> codec(Class<T> type, Encoding encoding, DataSize max, ValueSizes sizes) {
                throw new AssertionError("the backend refuses the store before a codec is made");
            }
        };
        try (Larder larder = Larder.builder().backend(sentinelLike).codecs(unreached).sweepEvery(Duration.ZERO).build()) {
            StoreSpec<Versioned> spec = StoreSpec.builder("s", Versioned.class)
                    .durability(Durability.builder().disk(Disk.ALWAYS).build()).build();
            assertThatThrownBy(() -> larder.store(spec)).isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> larder.store(StoreSpec.builder("t", Versioned.class).build()))
                    .isInstanceOf(ConfigurationException.class);
        }
        assertThat(opened).extracting(StoreLayout::durability).containsExactly(
                Durability.builder().disk(Disk.ALWAYS).build().over(SENTINEL), SENTINEL);
        assertThatThrownBy(() -> new StoreLayout("s", "larder:", false, List.of(), Expiry.none(), Retention.keepAll(),
                Layout.RECORDS, 100, 1000, Durability.bestEffort())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("complete");
    }
}
