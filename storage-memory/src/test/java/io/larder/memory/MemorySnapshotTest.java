package io.larder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.BackendSettings;
import io.larder.ConfigurationException;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.spi.BackendProvider;
import io.larder.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records and their indexes survive a restart through the snapshot file. */
class MemorySnapshotTest {
    private static final long T0 = 1_767_225_600_000L;
    private final TestClock clock = TestClock.virtual();
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("state/larder.snap");
    }

    private Larder larder() {
        return larder(MemoryBackend.builder().snapshot(file(), Duration.ofHours(1)).build());
    }

    private Larder larder(MemoryBackend backend) {
        return Larder.builder().backend(backend).clock(clock).sweepEvery(Duration.ZERO).build();
    }

    private static StoreSpec.Builder<Msg> chat(String name) {
        return StoreSpec.builder(name, Msg.class).partitionBy("group").time("at").index("sender");
    }

    private static List<Msg> messages(int n) {
        return IntStream.range(0, n).mapToObj(i -> Msg.of("m" + i, "g" + i % 2, i % 3 == 0 ? "bob" : "eve", T0 + i)).toList();
    }

    @Test
    void recordsAndIndexesSurviveARestart() {
        long entries;
        try (Larder first = larder()) {
            first.store(chat("chat").build()).saveAll(messages(100));
            entries = first.indexEntries("chat");
        }
        try (Larder second = larder()) {
            Storage<Msg> chat = second.store(chat("chat").build());
            assertThat(chat.load(Key.of("g1", "m7"))).contains(Msg.of("m7", "g1", "eve", T0 + 7));
            assertThat(chat.list(Query.in("group", "g0").where("sender", "bob").newestFirst().limit(3)).items())
                    .extracting(Msg::id).containsExactly("m96", "m90", "m84");
            assertThat(second.indexEntries("chat")).isEqualTo(entries);
        }
    }

    @Test
    void expiredRecordsAreNotWritten() {
        try (Larder first = larder()) {
            Storage<Msg> sessions = first.store(StoreSpec.builder("sessions", Msg.class).partitionBy("group").time("at").expiry(Expiry.absolute(Duration.ofHours(1))).build());
            sessions.saveAll(messages(10));
            clock.advance(Duration.ofHours(2));
        }
        assertThat(new SnapshotFile(file()).read().stores().get("sessions").records()).isEmpty();
    }

    @Test
    void storesNobodyOpenedAreKeptAcrossRestarts() {
        try (Larder first = larder()) {
            first.store(chat("a").build()).saveAll(messages(5));
            first.store(chat("b").build()).saveAll(messages(7));
        }
        try (Larder second = larder()) {
            second.store(chat("a").build()).save(Msg.of("new", "g0", "bob", T0));
        }
        try (Larder third = larder()) {
            assertThat(third.store(chat("b").build()).list(Query.in("group", "g0")).items()).hasSize(4);
            assertThat(third.store(chat("a").build()).load(Key.of("g0", "new"))).isPresent();
        }
    }

    @Test
    void aStoreReopenedWithAnIndexItsRecordsLackIsRefused() {
        try (Larder first = larder()) {
            first.store(chat("chat").build()).saveAll(messages(5));
        }
        try (Larder second = larder()) {
            assertThatThrownBy(() -> second.store(chat("chat").index("text").build()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(file().toString())
                    .hasMessageContaining("[text]");
        }
    }

    @Test
    void theSnapshotIsWrittenAtItsIntervalWithoutAClose() throws InterruptedException {
        MemoryBackend backend = MemoryBackend.builder().snapshot(file(), Duration.ofMillis(20)).build();
        try (Larder larder = larder(backend)) {
            larder.store(chat("chat").build()).saveAll(messages(3));
            // the schedule runs on real time; wait for it, bounded
            for (int i = 0; i < 500 && backend.health().details().get("last snapshot").equals("never"); i++) {
                Thread.sleep(10);
            }
            assertThat(backend.health().details()).containsEntry("snapshot", file().toAbsolutePath().toString())
                    .doesNotContainEntry("last snapshot", "never");
            assertThat(new SnapshotFile(file()).read().stores().get("chat").records()).hasSize(3);
        }
    }

    @Test
    void theProviderServesMemoryWithTheConfiguredSnapshot() {
        try (Larder first = larder()) {
            first.store(chat("chat").build()).saveAll(messages(4));
        }
        BackendSettings settings = BackendSettings.of(MemorySettings.builder().snapshot(file(), Duration.ofMinutes(5)).build());
        BackendProvider provider = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.supports(settings)).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(MemoryBackendProvider.class);
        assertThat(provider.supports(settings.mutate().provider("redis").build())).isFalse();
        try (Larder second = larder((MemoryBackend) provider.create(settings))) {
            assertThat(second.store(chat("chat").build()).list(Query.in("group", "g1")).items()).hasSize(2);
        }
    }

    @Test
    void theBuilderRefusesRepeatedOrSenselessSettings() {
        assertThatThrownBy(() -> MemoryBackend.builder().snapshot(file(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> MemoryBackend.builder().snapshot(file(), Duration.ofSeconds(1)).snapshot(file(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MemoryBackend.builder().snapshot(dir, Duration.ofSeconds(1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("directory");
    }
}
