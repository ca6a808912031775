package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder migrate} converts a chat store of the records layout into one of the archive
 * layout on a real Redis: every message arrives exactly once, in the same order, the target is
 * packed in sealed chunks, and the counts are checked and reported.
 */
class MigrateToArchiveIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    private static final long[] GROUPS = {111, 222, 333};
    private static final int PER_GROUP = 700;

    @TempDir
    Path data;
    private Cli cli;
    private Path config;
    private int recalled;

    /** One Redis, two key prefixes: profile records holds a chat of 2,100 messages in the records layout. */
    @BeforeEach
    void chatInTheRecordsLayout() {
        REDIS.get().flushAll();
        cli = new Cli(data);
        config = Cli.write(data.resolve("larder.yaml"), List.of(
                "larder:",
                "  backend: { type: redis, host: " + REDIS.get().host() + ", port: " + REDIS.get().port() + " }",
                "  defaults: { codec: msgpack }",
                "  stores:",
                "    chat: { partition-by: group_id, time: timestamp, indexes: [sender_id, msg_type], layout: records }",
                "environments:",
                "  records: { larder: { defaults: { key-prefix: \"old:\" } } }",
                "  archive: { larder: { defaults: { key-prefix: \"new:\" }, stores: { chat: { layout: archive } } } }"));
        // the log arrives shuffled, as a merged export would: the copy must still land in time order
        List<String> lines = new ArrayList<>();
        Random random = new Random(7);
        long id = 1;
        for (long group : GROUPS) {
            for (int i = 0; i < PER_GROUP; i++) {
                lines.add(Events.message(id++, group, 10 + random.nextInt(20), "群友", EIGHT_AM + i * 7L + random.nextInt(5),
                        "消息 " + i + " of " + group));
            }
        }
        Collections.shuffle(lines, random);
        lines.add(Events.recall(5, 111, 10, EIGHT_AM + 10_000));
        recalled = 1;
        Path events = Cli.write(data.resolve("events.jsonl"), lines);
        Cli.Result imported = cli.run("import", events.toString(), "--config", config.toString(), "--profile", "records");
        assertThat(imported.code()).as(imported.err()).isZero();
    }

    @Test
    void aRecordsChatBecomesAnArchiveChatWithEveryMessageOnce() {
        Cli.Result r = cli.run("migrate", "--config", config.toString(), "--from", "records", "--to", "archive",
                "--store", "chat");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("chat          2,100 records copied", "chat.counts   3 records copied", "the target holds 2,100",
                "chat.senders  60 records copied",
                "migrated 2,163 records in 4 stores; every count matches");
        assertThat(REDIS.get().client().callString("GET", "old:chat:layout")).isEqualTo("v1");
        assertThat(REDIS.get().client().callString("GET", "new:chat:layout")).isEqualTo("archive-v1");
        for (long group : GROUPS) {
            assertThat(REDIS.get().client().callLong("ZCARD", "new:chat:{" + group + "}:chunks")).isEqualTo(2);
            List<String> before = ids("records", group);
            List<String> after = ids("archive", group);
            assertThat(before).hasSize(PER_GROUP).doesNotHaveDuplicates();
            assertThat(after).containsExactlyElementsOf(before);
        }
        assertThat(softDeleted("archive")).isEqualTo(recalled);
    }

    @Test
    void migratingAgainChangesNothing() {
        cli.run("migrate", "--config", config.toString(), "--from", "records", "--to", "archive", "--store", "chat");
        Cli.Result again = cli.run("migrate", "--config", config.toString(), "--from", "records", "--to", "archive",
                "--store", "chat");

        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("the target holds 2,100", "every count matches");
        for (long group : GROUPS) {
            assertThat(ids("archive", group)).containsExactlyElementsOf(ids("records", group));
        }
    }

    /** The ids of a group's messages, oldest first, as the profile's store holds them. */
    private List<String> ids(String profile, long group) {
        try (Larder larder = Larder.fromYaml(config, profile)) {
            @SuppressWarnings("rawtypes")
            Storage<Map> chat = larder.store("chat", Map.class);
            try (Stream<Map> all = chat.scan(Query.in("group_id", group).limit(500))) {
                return all.map(m -> String.valueOf(m.get("id"))).toList();
            }
        }
    }

    private long softDeleted(String profile) {
        try (Larder larder = Larder.fromYaml(config, profile)) {
            @SuppressWarnings("rawtypes")
            Storage<Map> chat = larder.store("chat", Map.class);
            try (Stream<Map> all = chat.scan(Query.all().limit(500))) {
                return all.filter(m -> m.get("deletedAt") != null).count();
            }
        }
    }
}
