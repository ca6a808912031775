package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    private static final String SECRET = "correct horse battery staple 42";

    @TempDir
    Path data;
    private Cli cli;

    @BeforeEach
    void importChat() {
        cli = Cli.holding(data, List.of(
                Events.message(101, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(102, 111, 10001, "小助手", EIGHT_AM + 60, "早上好，有什么可以帮你？"),
                Events.message(103, 111, 7, "阿白", EIGHT_AM + 120, "帮我总结一下 @8"),
                Events.message(201, 222, 9, "路人", EIGHT_AM, "另一个群")));
    }

    @Test
    void messagesAreWrittenOneJsonObjectALine() throws IOException {
        Path out = data.resolve("out/messages.jsonl");
        Cli.Result r = cli.run("export", "--out", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("exported 4 messages of 2 groups as 4 messages lines to " + out);
        List<JsonNode> lines = DemoCommandTest.jsonLines(out);
        assertThat(lines).extracting(l -> l.get("group_id").asText()).containsExactly("111", "111", "111", "222");
        assertThat(lines.get(0).toString()).contains("早上好");
    }

    @Test
    void theChatFormatGivesTheBotTheAssistantsRole() throws IOException {
        Path out = data.resolve("chat.jsonl");
        Cli.Result r = cli.run("export", "--group", "111", "--format", "chat", "--assistant", "10001", "-o", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = DemoCommandTest.jsonLines(out);
        assertThat(lines).hasSize(1);
        JsonNode messages = lines.get(0).get("messages");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("阿白: 早上好");
    }

    @Test
    void withoutOutTheLinesGoToStdoutAndTheSummaryToStderr() {
        Cli.Result r = cli.run("export", "--group", "222");

        assertThat(r.lines()).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("{").contains("另一个群"));
        assertThat(r.err()).contains("exported 1 messages of 1 group");
    }

    @Test
    void pseudonymizedExportsHideIdsAndNamesAndNeverShowTheSecret() throws IOException {
        Path secret = Cli.write(data.resolve("secret.txt"), List.of(SECRET));
        Path out = data.resolve("anon.jsonl");
        Cli.Result r = cli.run("export", "--group", "111", "--pseudonymize", "--secret-file", secret.toString(),
                "--out", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        String written = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(written).doesNotContain("阿白", "\"7\"", SECRET).contains("u_");
        assertThat(r.out() + r.err()).doesNotContain(SECRET);
    }

    @Test
    void theSecretMayComeFromAnEnvironmentVariable() {
        cli.env("MY_SECRET", SECRET);
        Cli.Result r = cli.run("export", "--group", "222", "--pseudonymize", "--secret-env", "MY_SECRET");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("路人").contains("u_");
    }

    @Test
    void pseudonymizingWithoutASecretIsBadUsageNamingTheVariable() {
        Cli.Result r = cli.run("export", "--pseudonymize");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--pseudonymize needs a secret: set LARDER_PSEUDONYM_SECRET");
    }

    @Test
    void aGroupTheArchiveDoesNotHoldFailsNamingItAndWritesNoFile() {
        Path out = data.resolve("typo.jsonl");
        Cli.Result r = cli.run("export", "--group", "111", "--group", "424242", "-o", out.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("the archive holds no message of group 424242 (groups it holds: 111, 222)");
        assertThat(out).doesNotExist();
    }

    @Test
    void queryAndStatsOfAGroupTheArchiveDoesNotHoldFailToo() {
        Cli.Result query = cli.run("query", "--group", "424242", "--latest", "5");
        Cli.Result stats = cli.run("stats", "--group", "424242");

        assertThat(query.code()).isEqualTo(1);
        assertThat(query.err()).contains("the archive holds no message of group 424242");
        assertThat(stats.code()).isEqualTo(1);
        assertThat(stats.err()).contains("the archive holds no message of group 424242");
    }

    @Test
    void optionsThatWouldChangeNothingAreBadUsage() {
        Cli.Result window = cli.run("export", "--flood-window", "10m");
        Cli.Result assistant = cli.run("export", "--assistant", "10001");
        Cli.Result gap = cli.run("export", "--format", "messages", "--gap", "5m");

        assertThat(window.code()).isEqualTo(2);
        assertThat(window.err()).contains("--flood-window needs --collapse-floods N");
        assertThat(assistant.code()).isEqualTo(2);
        assertThat(assistant.err()).contains("--assistant shapes conversations: it applies to --format chat and sharegpt");
        assertThat(gap.code()).isEqualTo(2);
        assertThat(gap.err()).contains("--gap shapes conversations");
    }

    @Test
    void aPatternThatIsNotARegularExpressionIsBadUsageNamedInPlainWords() {
        Cli.Result r = cli.run("export", "--drop-matching", "[");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'[' is not a regular expression: Unclosed character class at character 1")
                .doesNotContain("java.", "Exception");
    }

    @Test
    void aShortSecretIsRefusedWithoutBeingShown() {
        cli.env(PseudonymOptions.DEFAULT_VARIABLE, "hunter2");
        Cli.Result r = cli.run("export", "--pseudonymize");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("shorter than 16 characters").doesNotContain("hunter2");
    }
}
