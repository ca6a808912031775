package io.larder.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.memory.MemoryBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates survive a restart of the memory adapter through its snapshot. */
class TemplatesSnapshotTest {

    private static Larder larder(Path snapshot) {
        return Larder.builder().backend(MemoryBackend.builder().snapshot(snapshot, Duration.ofHours(1)).build())
                .sweepEvery(Duration.ZERO).build();
    }

    @Test
    void templatesTheirHistoryAndDefaultsSurviveARestart(@TempDir Path dir) {
        Path snapshot = dir.resolve("larder.snap");
        try (Larder larder = larder(snapshot)) {
            PromptTemplates templates = PromptTemplates.open(larder);
            templates.save(PromptTemplate.builder("1001").category("training").text("v1 {{goals}}").variables("goals").build());
            templates.save(PromptTemplate.builder("1001").category("training").text("v2 {{goals}}").variables("goals").build());
            templates.makeDefault("training", "1001");
        }
        try (Larder larder = larder(snapshot)) {
            PromptTemplates templates = PromptTemplates.open(larder);
            assertThat(templates.render("training", Map.of("goals", "增肌"))).isEqualTo("v2 增肌");
            assertThat(templates.history("1001")).extracting(PromptTemplate::version).containsExactly(2, 1);
            assertThat(templates.categories()).containsExactly("training");
        }
    }
}
