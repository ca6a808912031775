package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports for training: every line a format accepts, roles for many-party chat, filters, stats as JSON, a zone of choice. */
class TrainingExportTest {
    private static final String BOT = "10001";

    @TempDir
    Path data;
    private Cli cli;

    /** Group 111: a bot answering three people, a picture, a flood and an ad; group 222: people without the bot. */
    @BeforeEach
    void importChat() {
        long t = EIGHT_AM;
        cli = Cli.holding(data, List.of(
                Events.message(1, 111, 10001, "小助手", t, "大家早"),
                Events.message(2, 111, 7, "阿白", t + 10, "今天吃什么"),
                Events.message(3, 111, 8, "小明", t + 20, "火锅？"),
                Events.message(4, 111, 10001, "小助手", t + 30, "火锅不错"),
                image(5, 111, 9, t + 40),
                Events.message(6, 111, 9, "路人", t + 50, "刷屏"),
                Events.message(7, 111, 9, "路人", t + 51, "刷屏"),
                Events.message(8, 111, 9, "路人", t + 52, "刷屏"),
                Events.message(9, 111, 8, "小明", t + 60, "加微信 vx123 领红包"),
                Events.message(10, 111, 7, "阿白", t + 70, "几点去"),
                Events.message(11, 111, 10001, "小助手", t + 80, "七点"),
                Events.message(12, 111, 7, "阿白", t + 90, "好"),
                Events.message(13, 222, 7, "阿白", t, "这里没有机器人"),
                Events.message(14, 222, 8, "小明", t + 10, "是的")));
    }

    private static String image(long id, long group, long user, long time) {
        return "{\"time\":" + time + ",\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":" + id
                + ",\"group_id\":" + group + ",\"user_id\":" + user + ",\"message\":\"[CQ:image,file=a.jpg,url=https://x/a.jpg]\","
                + "\"sender\":{\"nickname\":\"路人\"}}";
    }

    @Test
    void everyChatLineIsAnOpenAiConversationItsRulesAccept() throws IOException {
        Path out = data.resolve("chat.jsonl");
        Cli.Result r = cli.run("export", "--format", "chat", "--assistant", BOT, "--system", "你是群聊助手", "-o", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = DemoCommandTest.jsonLines(out);
        assertThat(lines).hasSize(1);
        for (JsonNode line : lines) {
            assertThat(fieldNames(line)).containsExactly("messages");
            assertAlternates(line.get("messages"), "role", "content", "system", "user", "assistant");
        }
        assertThat(lines.get(0).get("messages").get(1).get("content").asText()).isEqualTo("阿白: 今天吃什么\n小明: 火锅？");
        assertThat(r.out()).contains("as 1 chat lines", "left out: ", "2 no reply", "1 after the last reply");
    }

    @Test
    void everyShareGptLineFollowsItsRules() throws IOException {
        Path out = data.resolve("sharegpt.jsonl");
        Cli.Result r = cli.run("export", "--format", "sharegpt", "--assistant", BOT, "-o", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        for (JsonNode line : DemoCommandTest.jsonLines(out)) {
            assertThat(fieldNames(line)).containsExactly("conversations");
            assertAlternates(line.get("conversations"), "from", "value", "system", "human", "gpt");
        }
    }

    @Test
    void aPersonCanBeTheAssistantAndAConversationFormatNeedsOne() {
        Cli.Result asPerson = cli.run("export", "--group", "222", "--format", "sharegpt", "--assistant", "8");
        Cli.Result without = cli.run("export", "--format", "chat");

        assertThat(asPerson.lines()).containsExactly("{\"conversations\":[{\"from\":\"human\",\"value\":\"阿白: 这里没有机器人\"},"
                + "{\"from\":\"gpt\",\"value\":\"是的\"}]}");
        assertThat(without.code()).isEqualTo(2);
        assertThat(without.err()).contains("--format chat needs --assistant USER_ID");
    }

    @Test
    void filtersOnTheCommandLineLeaveOutWhatTheyNameAndCountIt() {
        Cli.Result r = cli.run("export", "--group", "111", "--drop-media-only", "--min-length", "2", "--collapse-floods", "1",
                "--drop-matching", "加微信|vx\\d+", "--sender", "7", "--sender", "8", "--sender", "9", "--type", "text");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ids(r)).containsExactly("2", "3", "6", "10");
        assertThat(r.err()).contains("left out: 2 flood, 1 pattern, 3 sender, 1 short, 1 type");
    }

    @Test
    void statsAsJsonGiveEveryGroupAndTheTotal() throws IOException {
        Cli.Result r = cli.run("stats", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode stats = new ObjectMapper().readTree(r.out());
        assertThat(stats.get("zone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(stats.get("total").get("messages").asLong()).isEqualTo(14);
        assertThat(stats.get("total").get("groups").asInt()).isEqualTo(2);
        assertThat(stats.get("groups").get(0).get("days").get(0).get("day").asText()).isEqualTo("2026-11-01");
        assertThat(stats.get("groups").get(1).get("messages").asLong()).isEqualTo(2);
    }

    @Test
    void aZoneOfChoiceReadsTheRangeAndShowsTheTimes() throws IOException {
        Cli.Result query = cli.run("query", "--group", "222", "--zone", "UTC", "--from", "2026-11-01 00:00:05");
        Path out = data.resolve("utc.jsonl");
        cli.run("export", "--group", "222", "--zone", "UTC", "-o", out.toString());

        assertThat(query.code()).as(query.err()).isZero();
        assertThat(query.lines()).containsExactly("         14  [2026-11-01 00:00] 小明: 是的");
        assertThat(DemoCommandTest.jsonLines(out).get(0).get("time").asText()).isEqualTo("2026-11-01T00:00:00Z");
    }

    private static List<String> ids(Cli.Result r) {
        List<String> ids = new ArrayList<>();
        r.lines().forEach(l -> {
            try {
                ids.add(new ObjectMapper().readTree(l).get("id").asText());
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        });
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** An optional system turn, then user and assistant alternating from the user to the assistant, none empty. */
    private static void assertAlternates(JsonNode turns, String roleKey, String textKey, String system, String user,
                                         String assistant) {
        List<String> roles = new ArrayList<>();
        for (JsonNode turn : turns) {
            assertThat(fieldNames(turn)).containsExactly(roleKey, textKey);
            assertThat(turn.get(textKey).asText()).isNotBlank();
            roles.add(turn.get(roleKey).asText());
        }
        if (roles.get(0).equals(system)) {
            roles.remove(0);
        }
        assertThat(roles).isNotEmpty().doesNotContain(system);
        assertThat(roles.get(0)).isEqualTo(user);
        assertThat(roles.get(roles.size() - 1)).isEqualTo(assistant);
        for (int i = 1; i < roles.size(); i++) {
            assertThat(roles.get(i)).as("turn " + i).isNotEqualTo(roles.get(i - 1));
        }
        assertThat(Set.copyOf(roles)).containsExactlyInAnyOrder(user, assistant);
    }
}
