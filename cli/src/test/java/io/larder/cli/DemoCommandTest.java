package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void demoImportsQueriesPromptsAndExportsIntoTheDataFolder() throws IOException {
        Cli.Result r = new Cli(data).run("demo");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1. generated 3,000 OneBot v11 events", "2. imported sample-onebot.jsonl",
                "refused", "line ", "3. group ", "4. prompt: group ", "5. exported ", "where everything went");
        assertThat(r.lines()).hasSizeLessThan(60);
        assertThat(data.resolve(DemoCommand.SAMPLE_FILE)).exists();
        assertThat(data.resolve("larder.snapshot")).exists();
        assertThat(Files.readString(data.resolve(DemoCommand.PROMPT_FILE), StandardCharsets.UTF_8)).isNotBlank();
        List<JsonNode> messages = jsonLines(data.resolve(DemoCommand.MESSAGES_FILE));
        assertThat(messages).hasSizeGreaterThan(2000);
        assertThat(messages.get(0).has("group_id")).isTrue();
        List<JsonNode> chats = jsonLines(data.resolve(DemoCommand.CHAT_FILE));
        assertThat(chats).isNotEmpty().allSatisfy(c -> assertThat(c.get("messages").isArray()).isTrue());
        assertThat(chats).anySatisfy(c -> assertThat(c.get("messages").toString()).contains("\"assistant\""));
    }

    @Test
    void aSecondDemoFindsTheFirstRunsMessagesInTheSnapshot() {
        Cli cli = new Cli(data);
        Cli.Result first = cli.run("demo");
        Cli.Result second = cli.run("demo");

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("messages  0 new, ").contains("nothing new: the store kept every message");
        assertThat(exportedCount(first)).isEqualTo(exportedCount(second));
    }

    @Test
    void demoOutputHasNoStackTraceAndNoWarnings() {
        Cli.Result r = new Cli(data).run("demo", "--events", "500");

        assertThat(r.code()).isZero();
        assertThat(r.err()).doesNotContain("WARN", "Exception");
    }

    private static String exportedCount(Cli.Result r) {
        return r.lines().stream().filter(l -> l.startsWith("5. exported")).findFirst().orElseThrow();
    }

    static List<JsonNode> jsonLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
    }
}
