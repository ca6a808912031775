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
 * A live ingestion whose batch fails after its messages are stored and before they are counted
 * (here the count's row is made unreadable on the real server; a timeout on a paused server does
 * the same): the batch is refused to its senders, and once a later batch is written the group's
 * daily counts are checked and counted again, so they are exact without {@code stats --rebuild}.
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

    /** Messages {@code from} to {@code from + n - 1} of the group, a second apart. */
    private static List<CompletableFuture<Accepted>> submit(OneBotIngest ingest, int from, int n) {
        List<CompletableFuture<Accepted>> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(ingest.submit("{\"time\":" + (SECOND + i) + ",\"post_type\":\"message\",\"message_type\":\"group\","
                    + "\"message_id\":" + (1000 + i) + ",\"group_id\":" + GROUP + ",\"user_id\":20000042,\"message\":\"第"
                    + i + "条\",\"sender\":{\"nickname\":\"小明\"}}"));
        }
        return out;
    }
}
