package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.Storage;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatRetention;
import io.larder.chat.SenderGroup;
import io.larder.config.LarderYaml;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {
    @TempDir
    Path data;
    private Cli cli;
    private Path config;

    /** Two profiles of one file: memory backends with a snapshot each; profile a holds a small chat. */
    @BeforeEach
    void chatInProfileA() {
        cli = new Cli(data);
        config = Cli.write(data.resolve("larder.yaml"), List.of(
                "larder:",
                "  backend:",
                "    type: memory",
                "    snapshot: { path: \"${LARDER_DATA}/base.snapshot\" }",
                "environments:",
                "  a: { larder: { backend: { snapshot: { path: \"${LARDER_DATA}/one.snapshot\" } } } }",
                "  b: { larder: { backend: { snapshot: { path: \"${LARDER_DATA}/two.snapshot\" } } } }"));
        Path events = Cli.write(data.resolve("events.jsonl"), List.of(
                Events.message(101, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(102, 111, 8, "小明", EIGHT_AM + 60, "发错群了"),
                Events.recall(102, 111, 8, EIGHT_AM + 65),
                Events.message(103, 111, 8, "小明", EIGHT_AM + 86_400, "第二天"),
                Events.message(201, 222, 9, "路人", EIGHT_AM, "另一个群")));
        assertThat(cli.run("import", events.toString(), "--config", config.toString(), "--profile", "a").code()).isZero();
    }

    @Test
    void migrateCopiesEveryStoreAndChecksTheCounts() {
        Cli.Result r = cli.run("migrate", "--config", config.toString(), "--from", "a", "--to", "b");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("one.snapshot", "two.snapshot", "  chat          4 records copied",
                "  chat.counts   3 records copied", "  chat.recalls  0 records copied", "  chat.senders  3 records copied",
                "migrated 10 records in 4 stores; every count matches");
        assertThat(data.resolve("two.snapshot")).exists();
        for (String group : List.of("111", "222")) {
            String[] query = {"query", "--group", group, "--deleted", "--config", config.toString(), "--profile"};
            assertThat(cli.run(concat(query, "b")).out()).isEqualTo(cli.run(concat(query, "a")).out());
        }
        assertThat(cli.run("stats", "--config", config.toString(), "--profile", "b").out())
                .isEqualTo(cli.run("stats", "--config", config.toString(), "--profile", "a").out())
                .contains("total: 2 groups, 4 messages");
    }

    @Test
    void migratingAgainConverges() {
        cli.run("migrate", "--config", config.toString(), "--from", "a", "--to", "b");
        Cli.Result again = cli.run("migrate", "--config", config.toString(), "--from", "a", "--to", "b");

        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("every count matches");
    }

    @Test
    void aTargetHoldingOtherRecordsFailsWithBothCounts() {
        Path extra = Cli.write(data.resolve("extra.jsonl"), List.of(Events.message(301, 333, 5, "外人", EIGHT_AM, "我先来的")));
        cli.run("import", extra.toString(), "--config", config.toString(), "--profile", "b");

        Cli.Result r = cli.run("migrate", "--config", config.toString(), "--from", "a", "--to", "b", "--store", "chat");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("larder migrate: store chat: the source has 4 records, the target 5");
    }

    @Test
    void copyingAStoreOntoItselfIsRefused() {
        Cli.Result r = cli.run("migrate", "--config", config.toString(), "--from", "a", "--to", "a");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the source and the target are the same store");
    }

    @Test
    void aTargetDeclaringTheChatStoreAsTheArchiveCannotUseIsRefusedBeforeAnythingIsCopied() {
        Path wrong = Cli.write(data.resolve("wrong.yaml"), List.of(
                "larder:",
                "  backend: { type: memory, snapshot: { path: \"${LARDER_DATA}/wrong.snapshot\" } }",
                "  stores:",
                "    chat: { partition-by: group_id, time: timestamp, indexes: [sender_id], layout: archive }"));

        Cli.Result r = cli.run("migrate", "--from-config", config.toString(), "--from", "a", "--to-config", wrong.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("indexes must include msg_type");
        assertThat(r.out()).doesNotContain("records copied");
    }

    @Test
    void anUnknownStoreIsBadUsageListingTheStores() {
        Cli.Result r = cli.run("migrate", "--config", config.toString(), "--from", "a", "--to", "b", "--store", "chats");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no store named 'chats'; the stores are chat, chat.counts, chat.recalls");
    }

    @Test
    void theChatStoreMigratesWithEverythingItNeedsSoTheTargetShowsWhatTheSourceShows() {
        Path late = Cli.write(data.resolve("late.jsonl"), List.of(Events.recall(999, 111, 7, EIGHT_AM + 90)));
        assertThat(cli.run("import", late.toString(), "--config", config.toString(), "--profile", "a").out())
                .contains("1 of unknown messages");

        Cli.Result r = cli.run("migrate", "--config", config.toString(), "--from", "a", "--to", "b", "--store", "chat");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("  chat.counts   3 records copied", "  chat.recalls  1 records copied",
                "  chat.senders  3 records copied");
        assertThat(groupsOf("8", "b")).isEqualTo(groupsOf("8", "a")).hasSize(1);
        for (String command : List.of("stats", "export")) {
            Cli.Result before = cli.run(command, "--config", config.toString(), "--profile", "a");
            Cli.Result after = cli.run(command, "--config", config.toString(), "--profile", "b");
            assertThat(after.code()).as(after.err()).isZero();
            assertThat(after.out()).isEqualTo(before.out()).isNotBlank();
        }
        Path message = Cli.write(data.resolve("message.jsonl"), List.of(Events.message(999, 111, 7, "阿白", EIGHT_AM + 80, "撤回我")));
        cli.run("import", message.toString(), "--config", config.toString(), "--profile", "b");
        assertThat(cli.run("query", "--group", "111", "--config", config.toString(), "--profile", "b").out())
                .doesNotContain("撤回我");
    }

    @Test
    void countsCopiedWithoutTheirMessagesAreRebuiltByStats() {
        try (Larder larder = LarderYaml.open(LarderYaml.parse(config, "b", n -> n.equals("LARDER_DATA") ? data.toString() : null))) {
            Storage<ChatMessage> messages = larder.store(ChatArchive.spec(ChatRetention.forever()));
            messages.saveAll(List.of(ChatMessage.builder("111", "7").id("1").content("早").timestamp(EIGHT_AM * 1000).build(),
                    ChatMessage.builder("111", "8").id("2").content("好").timestamp(EIGHT_AM * 1000 + 86_400_000).build()));
        }
        String[] profileB = {"--config", config.toString(), "--profile", "b"};

        Cli.Result empty = cli.run(concat(new String[] {"export"}, profileB));
        Cli.Result rebuilt = cli.run(concat(new String[] {"stats", "--rebuild"}, profileB));
        Cli.Result exported = cli.run(concat(new String[] {"export"}, profileB));

        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.err()).contains("the archive holds no messages yet", "larder stats --rebuild");
        assertThat(rebuilt.code()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.err()).contains("rebuilt the daily counts and the senders' groups from 2 messages");
        assertThat(rebuilt.out()).contains("total: 1 group, 2 messages over 2 group-days");
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.lines()).hasSize(2);
    }

    private List<SenderGroup> groupsOf(String senderId, String profile) {
        try (Larder larder = LarderYaml.open(LarderYaml.parse(config, profile, n -> n.equals("LARDER_DATA") ? data.toString() : null))) {
            return ChatArchive.open(larder).groupsOf(senderId);
        }
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
