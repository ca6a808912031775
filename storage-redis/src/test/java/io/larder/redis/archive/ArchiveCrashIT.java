package io.larder.redis.archive;

import static io.larder.redis.archive.ArchiveLayoutIT.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Retention;
import io.larder.StorageException;
import io.larder.TermTally;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings.Client;
import io.larder.redis.Targets;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.spi.StoredRecord;
import io.larder.testkit.Persistence;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sealing is read by the client and committed by one script that checks the partition's
 * version: a crash between the two, or a writer slipping in between, loses and duplicates
 * nothing. The server persists every write (AOF, fsync always) and is killed with SIGKILL.
 */
class ArchiveCrashIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(
            b -> b.persistence(Persistence.AOF).config("appendfsync", "always"));
    private static final long T0 = 1_767_225_600_000L;

    private final String name = "crash" + System.nanoTime();

    private ArchiveStore open(RedisBackend backend) {
        return (ArchiveStore) backend.open(new StoreLayout(name, "larder:", true, List.of("author"), Expiry.none(),
                Retention.keepAll(), Layout.ARCHIVE, 100, 1000, Durability.none()), Clock.systemUTC());
    }

    private RedisBackend backend() {
        return RedisBackend.create(Targets.standalone(REDIS.get(), Client.LETTUCE));
    }

    private static List<RecordWrite> writes(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> write(String.format("m%05d", i), T0 + i, "a")).toList();
    }

    private static List<String> expected(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("m%05d", i)).toList();
    }

    private static List<String> everything(ArchiveStore s) {
        return s.range(new RangeRequest("g", null, Long.MIN_VALUE, Long.MAX_VALUE, false, null, 10_000)).stream()
                .map(StoredRecord::key).map(k -> k.id()).toList();
    }

    private long zcard(String key) {
        return REDIS.get().client().callLong("ZCARD", "larder:" + name + ":{g}:" + key);
    }

    @Test
    void serverKilledBetweenReadingTheTailAndCommittingTheChunkLosesNothing() {
        try (RedisBackend backend = backend()) {
            ArchiveStore s = open(backend);
            s.write(writes(0, 255));
            s.beforeCommit(() -> REDIS.get().process().kill());
            // the 256th record fills the tail: the seal reads it, then the server dies before the commit
            assertThatThrownBy(() -> s.write(writes(255, 256))).isInstanceOf(StorageException.class);
        }
        REDIS.get().process().restart();
        try (RedisBackend backend = backend()) {
            ArchiveStore s = open(backend);
            assertThat(everything(s)).containsExactlyElementsOf(expected(256));
            assertThat(zcard("chunks")).isZero();
            s.write(writes(256, 257));
            assertThat(zcard("chunks")).isEqualTo(1);
            assertThat(everything(s)).containsExactlyElementsOf(expected(257));
            assertThat(s.read(writes(0, 257).stream().map(RecordWrite::key).toList(), 0)).hasSize(257);
            assertThat(s.tally("g", new Query.Term("author", "a"))).as("the tally moved with the records, not twice")
                    .isEqualTo(TermTally.ofMillis(257, T0, T0 + 256));
        }
    }

    @Test
    void writerSlippingInDuringASealMakesTheSealReadAgain() {
        try (RedisBackend backend = backend(); RedisBackend other = backend()) {
            ArchiveStore s = open(backend);
            ArchiveStore rival = open(other);
            s.write(writes(0, 255));
            AtomicBoolean once = new AtomicBoolean();
            s.beforeCommit(() -> {
                if (once.compareAndSet(false, true)) {
                    rival.write(writes(256, 258));
                }
            });
            s.write(writes(255, 256));
            assertThat(everything(s)).containsExactlyElementsOf(expected(258));
            assertThat(zcard("chunks")).isEqualTo(1);
            assertThat(REDIS.get().client().callLong("HLEN", "larder:" + name + ":{g}:tail")).isEqualTo(2);
        }
    }

    @Test
    void serverKilledBeforeABatchIsSealedStraightIntoChunksLosesNothingStored() {
        try (RedisBackend backend = backend()) {
            ArchiveStore s = open(backend);
            s.write(writes(0, 100));
            s.beforeCommit(() -> REDIS.get().process().kill());
            // 600 records at once are sealed with the tail in one commit: the server dies before it
            assertThatThrownBy(() -> s.write(writes(100, 700))).isInstanceOf(StorageException.class);
        }
        REDIS.get().process().restart();
        try (RedisBackend backend = backend()) {
            ArchiveStore s = open(backend);
            assertThat(everything(s)).containsExactlyElementsOf(expected(100));
            s.write(writes(100, 700));                  // the caller saw the failure and writes the batch again
            assertThat(everything(s)).containsExactlyElementsOf(expected(700));
            assertThat(zcard("chunks")).isEqualTo(2);
            assertThat(s.read(writes(0, 700).stream().map(RecordWrite::key).toList(), 0)).hasSize(700);
        }
    }

    @Test
    void writerSlippingInDuringABatchSealMakesItReadAgain() {
        try (RedisBackend backend = backend(); RedisBackend other = backend()) {
            ArchiveStore s = open(backend);
            ArchiveStore rival = open(other);
            s.write(writes(0, 100));
            AtomicBoolean once = new AtomicBoolean();
            s.beforeCommit(() -> {
                if (once.compareAndSet(false, true)) {
                    rival.write(writes(400, 700));       // a batch of its own, sealed straight into a chunk
                }
            });
            s.write(writes(100, 400));
            assertThat(everything(s)).containsExactlyElementsOf(expected(700));
            assertThat(REDIS.get().client().callString("HGET", "larder:" + name + ":{g}:m", "n")).isEqualTo("700");
            assertThat(s.read(writes(0, 700).stream().map(RecordWrite::key).toList(), 0)).hasSize(700);
        }
    }

    @Test
    void writerSlippingInBetweenABatchSnapshotAndItsIndexReadsMakesItReadAgain() {
        try (RedisBackend backend = backend(); RedisBackend other = backend()) {
            ArchiveStore s = open(backend);
            ArchiveStore rival = open(other);
            s.write(writes(0, 100));
            AtomicInteger reads = new AtomicInteger();
            s.beforeLocate(() -> {
                if (reads.incrementAndGet() == 1) {
                    rival.write(writes(400, 3000));   // sealed straight into chunks, splitting index buckets
                }
            });
            s.write(writes(100, 400));
            assertThat(reads.get()).isEqualTo(2);
            assertThat(everything(s)).containsExactlyElementsOf(expected(3000));
            assertThat(REDIS.get().client().callString("HGET", "larder:" + name + ":{g}:m", "n")).isEqualTo("3000");
            assertThat(s.read(writes(0, 3000).stream().map(RecordWrite::key).toList(), 0)).hasSize(3000);
        }
    }
}
