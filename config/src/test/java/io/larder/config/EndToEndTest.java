package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Larder.fromYaml} on the memory backend, through the ServiceLoader-found loader, adapter and codecs. */
class EndToEndTest {

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void fromYamlOpensADeclaredStoreOnTheMemoryBackendAndSavesAndLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("larder.yaml");
        Files.copy(EndToEndTest.class.getResourceAsStream("/design-reference.yaml"), file);

        try (Larder larder = Larder.fromYaml(file, "development")) {
            assertThat(larder.storeNames()).containsExactlyInAnyOrder("chat", "sessions");
            Storage<Map> sessions = larder.store("sessions", Map.class);
            Map<String, Object> session = new HashMap<>();
            session.put("id", "s-1");
            session.put("user_id", "u-42");
            session.put("token_budget", 4096);

            sessions.save(session);

            assertThat(sessions.load(Key.of("u-42", "s-1"))).get()
                    .satisfies(m -> assertThat((Map<String, Object>) m).containsEntry("user_id", "u-42")
                            .containsEntry("token_budget", 4096));
        }
    }
}
