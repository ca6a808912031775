package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import io.larder.Durability;
import io.larder.Durability.Disk;
import io.larder.Durability.Unconfirmed;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code durability} per backend and per store: read as stated, checked against what the backend can give. */
class DurabilitySettingsTest {

    private static ConfigurationException refused(String yaml) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse(yaml, null));
        assertThat(e).as("a ConfigurationException").isNotNull();
        return e;
    }

    @Test
    void theBackendAndEachStoreStateOnlyTheKeysTheyGive() {
        LarderSettings s = Yaml.parse("""
                larder:
                  backend:
                    type: redis-sentinel
                    sentinel: { master: m, nodes: [ "127.0.0.1:26379" ] }
                    durability: { replicas: 2, timeout: 2s }
                  stores:
                    cache: { durability: { unconfirmed: best-effort } }
                    ledger: { durability: { disk: always } }
                    plain: {}
                """, null);

        assertThat(s.backend().durability()).isEqualTo(Durability.builder().replicas(2).timeout(Duration.ofSeconds(2)).build());
        assertThat(s.store("cache").orElseThrow().durability()).isEqualTo(Durability.bestEffort());
        assertThat(s.store("ledger").orElseThrow().durability().over(s.backend().durability()))
                .isEqualTo(Durability.builder().replicas(2).disk(Disk.ALWAYS).timeout(Duration.ofSeconds(2)).build());
        assertThat(s.store("plain").orElseThrow().durability()).isEqualTo(Durability.builder().build());
        assertThat(Yaml.parse("larder: {}", null).backend().durability()).isEqualTo(Durability.builder().build());
    }

    @Test
    void everyWrongValueIsReportedWithItsPlaceAndTheKeyItMeant() {
        ConfigurationException e = refused("""
                larder:
                  backend:
                    type: redis
                    durability:
                      replicas: -1
                      disk: sometimes
                      timeout: 0
                      unconfirmed: ignore
                      replica: 1
                """);

        assertThat(e.problems()).containsExactly(
                "larder.backend.durability.replicas at f.yaml:5:17: expected an integer of at least 0, got '-1'",
                "larder.backend.durability.disk at f.yaml:6:13: expected one of none, everysec, always, got 'sometimes'",
                "larder.backend.durability.timeout at f.yaml:7:16: expected a positive duration, got '0'",
                "larder.backend.durability.unconfirmed at f.yaml:8:20: expected one of fail, best-effort, got 'ignore'",
                "larder.backend.durability.replica at f.yaml:9:7: unknown key 'replica'; did you mean 'replicas'?");
    }

    @Test
    void aMemoryBackendAskedForReplicasOrForADiskWithoutAFileIsRefusedAtTheKeyThatAsks() {
        ConfigurationException e = refused("""
                larder:
                  backend:
                    type: memory
                    durability: { replicas: 1 }
                  stores:
                    chat: { durability: { replicas: 2, disk: always } }
                """);

        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems().get(0)).startsWith("larder.backend.durability.replicas at f.yaml:4:29:")
                .contains("the memory backend has no replica");
        assertThat(e.problems().get(1)).startsWith("larder.stores.chat.durability.replicas at f.yaml:6:37:");
        assertThat(e.problems().get(2)).startsWith("larder.stores.chat.durability.disk at f.yaml:6:46:")
                .contains("set larder.backend.snapshot.path");
    }

    @Test
    void aMemoryBackendWithASnapshotLogsAsTheFileSays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("larder.yaml");
        Files.writeString(file, """
                larder:
                  backend:
                    type: memory
                    snapshot: { path: "%s/larder.snapshot" }
                    durability: { disk: always, timeout: 3s }
                  stores:
                    notes: { durability: { disk: none } }
                """.formatted(dir));

        try (Larder larder = Larder.fromYaml(file, null)) {
            assertThat(larder.health().details()).containsEntry("durability",
                    Durability.builder().disk(Disk.ALWAYS).timeout(Duration.ofSeconds(3)).build().over(Durability.none()).toString());
            @SuppressWarnings("rawtypes")
            Storage<Map> notes = larder.store("notes", Map.class);
            assertThat(notes.spec().durability()).isEqualTo(Durability.builder().disk(Disk.NONE).build());
            notes.save(Map.of("id", "n1"));
        }
        assertThat(dir.resolve("larder.snapshot.lock")).exists();
        assertThat(StoreSpec.builder("x", Map.class).durability(Durability.bestEffort()).build().durability().unconfirmed())
                .isEqualTo(Unconfirmed.BEST_EFFORT);
    }
}
