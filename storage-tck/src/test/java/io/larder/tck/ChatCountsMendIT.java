package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.larder.Larder;
import io.larder.chat.Accepted;
import io.larder.chat.ChatArchive;
import io.larder.chat.DailyCount;
import io.larder.chat.GroupCount;
import io.larder.chat.OneBotIngest;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.RespClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A live ingestion whose batches fail on a real Redis, then go on. A batch that fails after its
 * messages are stored and before they are counted (here the count's row is made unreadable; a
 * timeout on a paused server does the same) is refused to its senders, and once a later batch is
 * written the group's daily counts are checked and counted again, so they are exact without
 * {@code stats --rebuild}. A batch a full server refused keeps its times when sent again.
 */
class ChatCountsMendIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    private static final String GROUP = "600000777";
    private static final long SECOND = 1_793_491_200L;   // 2026-11-01 08:00 +08:00
    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

    @Test
    void aLiveIngestionCountsAgainTheGroupOfABatchThatFailedAfterStoringIt() {
        RedisSettings settings = RedisSettings.builder().address(REDIS.get().host(), REDIS.get().port()).build();
        try (Larder larder = Larder.builder().backend(RedisBackend.create(settings)).sweepEvery(Duration.ZERO).build();
             OneBotIngest ingest = OneBotIngest.builder(ChatArchive.open(larder)).batchSize(5).writers(1).build()) {
            ChatArchive archive = ChatArchive.open(larder);
            List<CompletableFuture<Accepted>> first = submit(ingest, 0, 5);
            ingest.flush();
            assertThat(first).allSatisfy(f -> assertThat(f).isCompletedWithValueMatching(a -> a.outcome() == Accepted.Outcome.STORED));

            // the day's count row turns into a list: the next batch stores its messages, then fails counting them
            RespClient redis = REDIS.get().client();
            String row = "larder:chat.counts:{" + GROUP + "}:r:" + DAY;
            assertThat(redis.callLong("EXISTS", row)).isEqualTo(1);
            redis.call("RENAME", row, row + ".kept");
            redis.call("RPUSH", row, "not a count");
            List<CompletableFuture<Accepted>> failed = submit(ingest, 5, 5);
            ingest.flush();
            assertThat(failed).allSatisfy(f -> assertThat(f).isCompletedExceptionally());

            redis.call("DEL", row);
            redis.call("RENAME", row + ".kept", row);
            assertThat(archive.checkCounts(GROUP)).as("the failed batch's messages are stored, not counted")
                    .isEqualTo(new GroupCount(GROUP, 10, 5));
            List<CompletableFuture<Accepted>> later = submit(ingest, 10, 5);
            ingest.flush();

            assertThat(later).allSatisfy(f -> assertThat(f).isCompletedWithValueMatching(a -> a.outcome() == Accepted.Outcome.STORED));
            assertThat(archive.checkCounts(GROUP)).isEqualTo(new GroupCount(GROUP, 15, 15));
            assertThat(archive.dailyCounts(GROUP, DAY, DAY)).containsExactly(new DailyCount(GROUP, DAY, 15));
            assertThat(ingest.report().recounted()).extracting(GroupCount::groupId, GroupCount::missing)
                    .containsExactly(tuple(GROUP, 5L));
            assertThat(ingest.report().failed()).isEqualTo(5);
        }
    }

    /**
     * A batch a full Redis refused (OOM) and then sent again is stored at the milliseconds it would
     * have had: the places in its second the failed write claimed are not kept in the process.
     */
    @Test
    void aBatchAFullRedisRefusedIsStoredAtItsOwnMillisecondsWhenSentAgain() {
        RedisSettings settings = RedisSettings.builder().address(REDIS.get().host(), REDIS.get().port()).build();
        String group = "600000888";
        try (Larder larder = Larder.builder().backend(RedisBackend.create(settings)).sweepEvery(Duration.ZERO).build();
             OneBotIngest ingest = OneBotIngest.builder(ChatArchive.open(larder)).batchSize(2).writers(1).build()) {
            ChatArchive archive = ChatArchive.open(larder);
            RespClient redis = REDIS.get().client();
            List<CompletableFuture<Accepted>> refused;
            redis.call("CONFIG", "SET", "maxmemory", "1");
            try {
                refused = List.of(ingest.submit(event(group, 1, SECOND)), ingest.submit(event(group, 2, SECOND)));
                ingest.flush();
            } finally {
                redis.call("CONFIG", "SET", "maxmemory", "0");
            }
            assertThat(refused).allSatisfy(f -> assertThat(f).isCompletedExceptionally());

            List<CompletableFuture<Accepted>> again = List.of(ingest.submit(event(group, 1, SECOND)),
                    ingest.submit(event(group, 2, SECOND)));
            ingest.flush();

            assertThat(again).allSatisfy(f -> assertThat(f).isCompletedWithValueMatching(a -> a.outcome() == Accepted.Outcome.STORED));
            assertThat(archive.find(group, "1").orElseThrow().timestamp()).isEqualTo(SECOND * 1000);
            assertThat(archive.find(group, "2").orElseThrow().timestamp()).as("the next millisecond of the second")
                    .isEqualTo(SECOND * 1000 + 1);
        }
    }

    private static String event(String group, int id, long second) {
        return "{\"time\":" + second + ",\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":" + id
                + ",\"group_id\":" + group + ",\"user_id\":20000042,\"message\":\"第" + id + "条\",\"sender\":{\"nickname\":\"小明\"}}";
    }

    /** Messages {@code from} to {@code from + n - 1} of the group, a second apart. */
    private static List<CompletableFuture<Accepted>> submit(OneBotIngest ingest, int from, int n) {
        List<CompletableFuture<Accepted>> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(ingest.submit(event(GROUP, 1000 + i, SECOND + i)));
        }
        return out;
    }
}
