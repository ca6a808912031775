package io.larder.redis.archive;

import static io.larder.redis.archive.ArchiveLayoutIT.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Retention;
import io.larder.TermTally;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings.Client;
import io.larder.redis.Targets;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The term tallies of an archive partition are true only while the partition's version is the one
 * they were last kept at: a write by a client that does not keep them (an older release, which
 * bumps the version and nothing else) marks them stale, and the next read rebuilds them from the
 * records, in one commit that checks the version like every rewrite.
 */
class ArchiveTallyIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    private static final long T0 = 1_767_225_600_000L;

    private final String name = "tally" + System.nanoTime();

    private ArchiveStore open(RedisBackend backend) {
        return (ArchiveStore) backend.open(new StoreLayout(name, "larder:", true, List.of("author"), Expiry.none(),
                Retention.keepAll(), Layout.ARCHIVE, 100, 1000, Durability.none()), Clock.systemUTC());
    }

    private static List<RecordWrite> writes(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> write(String.format("m%05d", i), T0 + i, i % 3 == 0 ? "x" : "y"))
                .toList();
    }

    private String key(String suffix) {
        return "larder:" + name + ":{g}:" + suffix;
    }

    /** What an older release's write leaves: the version moved, the tallies did not (here: they are gone too). */
    private void writeAsAnOlderClient() {
        REDIS.get().client().callLong("HINCRBY", key("m"), "v", 1);
        REDIS.get().client().callLong("DEL", key("y:author"));
    }

    @Test
    void aWriteThatDidNotKeepTheTalliesIsFollowedByARebuildOnTheNextRead() {
        try (RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), Client.JEDIS))) {
            ArchiveStore s = open(backend);
            s.write(writes(0, 600));                 // sealed into chunks
            s.write(writes(600, 650));               // the open tail
            Query.Term x = new Query.Term("author", "x");
            assertThat(s.tally("g", x)).isEqualTo(TermTally.ofMillis(217, T0, T0 + 648));
            writeAsAnOlderClient();
            assertThat(REDIS.get().client().callLong("EXISTS", key("y:author"))).isZero();
            assertThat(s.tally("g", x)).isEqualTo(TermTally.ofMillis(217, T0, T0 + 648));
            assertThat(s.tally("g", new Query.Term("author", "y"))).isEqualTo(TermTally.ofMillis(433, T0 + 1, T0 + 649));
            assertThat(REDIS.get().client().callString("HGET", key("m"), "y"))
                    .isEqualTo(REDIS.get().client().callString("HGET", key("m"), "v"));
            // kept again from there on
            s.write(writes(650, 660));
            assertThat(s.tally("g", x)).isEqualTo(TermTally.ofMillis(220, T0, T0 + 657));
        }
    }

    @Test
    void aTallyOfAPartitionNeverWrittenIsEmptyAndWritesNothing() {
        try (RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), Client.LETTUCE))) {
            assertThat(open(backend).tally("nobody", new Query.Term("author", "x"))).isNull();
            assertThat(REDIS.get().client().callLong("EXISTS", "larder:" + name + ":{nobody}:m")).isZero();
        }
    }
}
