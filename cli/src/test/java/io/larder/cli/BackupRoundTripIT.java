package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatQuery;
import io.larder.chat.MessageType;
import io.larder.chat.Recalls;
import io.larder.config.LarderYaml;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million messages of 200 groups go from the embedded memory store through a backup file into
 * a Redis archive: every count and every message (recalled ones included) arrive as they left.
 */
class BackupRoundTripIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    private static final int MESSAGES = 1_000_000;
    private static final int GROUPS = 200;
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final String[] TEXT = {"早上好", "今天开会吗", "收到 👍", "哈哈哈哈", "晚上吃火锅？", "ok", "这个 bug 修好了吗",
        "看这个", "明天见", "[图片]"};

    @TempDir
    Path data;

    @Test
    void aMillionMessagesGoFromMemoryThroughAFileIntoARedisArchiveIntact() {
        try (Larder memory = memory()) {
            ChatArchive archive = ChatArchive.open(memory);
            List<ChatMessage> batch = new ArrayList<>(10_000);
            List<Recalls.Recall> recalls = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                batch.add(message(i));
                if (i % 97 == 0) {
                    recalls.add(new Recalls.Recall(group(i), Integer.toString(i), "20000001", START + i * 30_000L + 5_000));
                }
                if (batch.size() == 10_000) {
                    archive.appendAll(batch);
                    archive.recallAll(recalls);
                    batch.clear();
                    recalls.clear();
                }
            }
        }
        Cli cli = new Cli(data);
        Path file = data.resolve("million.jsonl.gz");
        Path redis = Cli.write(data.resolve("redis.yaml"), List.of(
                "larder:",
                "  backend: { type: redis, host: " + REDIS.get().host() + ", port: " + REDIS.get().port() + " }",
                "  defaults: { codec: msgpack }"));

        Cli.Result backup = cli.run("backup", "-o", file.toString());
        Cli.Result restore = cli.run("restore", file.toString(), "--config", redis.toString());

        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("  chat  1,000,000 records restored", "the target holds 1,000,000",
                "every count matches");
        assertThat(REDIS.get().client().callString("GET", "larder:chat:layout")).isEqualTo("archive-v1");
        assertThat(cli.run("stats", "--json", "--config", redis.toString()).out())
                .isEqualTo(cli.run("stats", "--json").out()).contains("\"total\":{\"groups\":200,\"messages\":1000000");
        try (Larder memory = memory(); Larder target = Larder.fromYaml(redis, null)) {
            ChatArchive from = ChatArchive.open(memory);
            ChatArchive to = ChatArchive.open(target);
            long compared = 0;
            for (int g = 0; g < GROUPS; g++) {
                ChatQuery all = ChatQuery.group(group(g)).includeDeleted().limit(1000);
                try (Stream<ChatMessage> a = from.stream(all); Stream<ChatMessage> b = to.stream(all)) {
                    Iterator<ChatMessage> left = a.iterator();
                    Iterator<ChatMessage> right = b.iterator();
                    while (left.hasNext()) {
                        assertThat(right.hasNext()).as("group " + group(g) + " after " + compared).isTrue();
                        assertThat(right.next()).isEqualTo(left.next());
                        compared++;
                    }
                    assertThat(right.hasNext()).isFalse();
                }
            }
            assertThat(compared).isEqualTo(MESSAGES);
        }
    }

    private Larder memory() {
        return LarderYaml.open(new ConfigChoice(null, null, data, n -> null).settings());
    }

    private static String group(int i) {
        return Integer.toString(600_000_000 + i % GROUPS);
    }

    /** Message {@code i}: 30 s after the one before, in group {@code i % 200}; some pictures, mentions and replies. */
    private static ChatMessage message(int i) {
        String text = TEXT[i % TEXT.length];
        ChatMessage.Builder b = ChatMessage.builder(group(i), Integer.toString(20_000_000 + i % 1000)).id(Integer.toString(i))
                .senderName("群友" + i % 1000).timestamp(START + i * 30_000L).content(text + " #" + i);
        if (text.equals("[图片]")) {
            b.type(MessageType.IMAGE).attachment(new ChatMessage.Attachment(MessageType.IMAGE, "https://x/" + i + ".jpg",
                    i + ".jpg", 1000 + i));
        }
        if (i % 13 == 0) {
            b.mention(Integer.toString(20_000_000 + (i + 1) % 1000), "群友" + (i + 1) % 1000);
        }
        if (i % 7 == 0 && i >= GROUPS) {
            b.replyTo(Integer.toString(i - GROUPS));
        }
        return b.build();
    }
}
