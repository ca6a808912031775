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

/** What a message says reaches every output as sent: no name leaks through a pseudonym, no space is lost, no byte drives the terminal. */
class MessageTextTest {
    private static final String SECRET = "correct horse battery staple 42";

    @TempDir
    Path data;
    private Cli cli;

    @BeforeEach
    void importChat() {
        cli = Cli.holding(data, List.of(
                "{\"time\":" + EIGHT_AM + ",\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":1,"
                        + "\"group_id\":111,\"user_id\":7,\"message\":\"[CQ:at,qq=8,name=张三] 帮我总结一下\","
                        + "\"sender\":{\"nickname\":\"阿白\"}}",
                Events.message(2, 111, 8, "张三", EIGHT_AM + 60, "   "),
                Events.message(3, 111, 8, "张三", EIGHT_AM + 120, "a\\u0000b\\u001b[31mred\\u001b[0m"),
                "{\"time\":" + (EIGHT_AM + 180) + ",\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":4,"
                        + "\"group_id\":111,\"user_id\":80000000,\"anonymous\":{\"id\":5,\"name\":\"匿名者·鲸鱼\",\"flag\":\"f\"},"
                        + "\"message\":\"谁说的\",\"sender\":{\"nickname\":\"匿名消息\"}}",
                Events.message(5, 111, 8, "张三", EIGHT_AM + 240, "invoice\\u202Egnp.exe")));
        cli.env(PseudonymOptions.DEFAULT_VARIABLE, SECRET);
    }

    @Test
    void aPseudonymizedExportLeavesNoMentionedNameInTheText() throws IOException {
        Path out = data.resolve("anon.jsonl");
        Cli.Result r = cli.run("export", "--pseudonymize", "-o", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).doesNotContain("张三", "阿白", "匿名者").contains("@u_");
    }

    @Test
    void aPseudonymizedPromptLeavesNoMentionedNameInTheText() {
        Cli.Result r = cli.run("prompt", "--group", "111", "--pseudonymize");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("张三", "阿白").contains(": @u_");
    }

    @Test
    void textIsExportedAsSentSpacesIncluded() throws IOException {
        Path out = data.resolve("all.jsonl");
        cli.run("export", "-o", out.toString());

        List<JsonNode> lines = DemoCommandTest.jsonLines(out);
        assertThat(lines.get(1).get("content").asText()).isEqualTo("   ");
        assertThat(lines.get(2).get("content").asText()).isEqualTo("a\u0000b\u001b[31mred\u001b[0m");
    }

    @Test
    void controlCharactersReachNoTerminalRaw() {
        Cli.Result query = cli.run("query", "--group", "111");
        Cli.Result prompt = cli.run("prompt", "--group", "111");

        for (Cli.Result r : List.of(query, prompt)) {
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("a␀b␛[31mred␛[0m").doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f]");
        }
    }

    @Test
    void bidirectionalOverridesAreShownNotObeyed() {
        Cli.Result query = cli.run("query", "--group", "111");
        Cli.Result prompt = cli.run("prompt", "--group", "111");

        for (Cli.Result r : List.of(query, prompt)) {
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("invoice\\u202egnp.exe").doesNotContain("\u202e");
        }
    }

    @Test
    void anAnonymousSenderKeepsTheNameTheGroupSaw() {
        assertThat(cli.run("query", "--group", "111").out()).contains("匿名者·鲸鱼: 谁说的");
    }
}
