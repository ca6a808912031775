package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Expiry;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Index entries of expired records do not pile up: after 100,000 records with a one-second
 * expiry have expired and the sweep ran, the server's memory is back where it was when the
 * store was empty (within 1%).
 */
@Isolated("measures the server's memory")
class SweepMemoryIT {
    private static final int RECORDS = 100_000;

    // the slow log keeps the arguments of slow commands: memory that is not the store's
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(b -> b.config("slowlog-log-slower-than", "-1"));

    @Test
    void indexMemoryOfExpiredRecordsIsReclaimedBySweeping() throws Exception {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), Client.JEDIS)))) {
            Storage<Note> notes = larder.store(Notes.spec("sweep").index("kind").expiry(Expiry.absolute(Duration.ofSeconds(1))).build());
            String store = notes.spec().name();
            long empty = settledMemory(Long.MAX_VALUE);

            long start = System.nanoTime();
            for (int chunk = 0; chunk < RECORDS / 10_000; chunk++) {
                int base = chunk * 10_000;
                notes.saveAll(IntStream.range(base, base + 10_000).mapToObj(i ->
                        Note.of("n" + i, "g" + (i % 100), "u" + (i % 10), Notes.T0 + i).ofKind("k" + (i % 3))).toList());
            }
            long writeMillis = (System.nanoTime() - start) / 1_000_000;
            long full = usedMemory();
            long entries = larder.indexEntries(store);
            Thread.sleep(1_500); // the last records expire

            start = System.nanoTime();
            int sweeps = 0;
            long removed = 0;
            while (true) {
                int r = larder.sweep();
                sweeps++;
                removed += r;
                if ((r == 0 || sweeps % 100 == 0) && larder.indexEntries(store) == 0) {
                    break;
                }
                assertThat(sweeps).as("sweeps needed").isLessThan(5_000);
            }
            long sweepMillis = (System.nanoTime() - start) / 1_000_000;
            long after = settledMemory(empty);

            System.out.printf("SWEEP %d records (%d ms to write), %d index entries, used_memory empty %d B, full %d B,"
                            + " after %d sweeps removing %d entries in %d ms: %d B (%+d B, %+.3f%%)%n",
                    RECORDS, writeMillis, entries, empty, full, sweeps, removed, sweepMillis, after, after - empty,
                    100.0 * (after - empty) / empty);
            assertThat(entries).as("timeline + author + kind entries per record").isEqualTo(3L * RECORDS);
            assertThat(larder.indexEntries(store)).isZero();
            assertThat(Math.abs(after - empty)).as("memory beyond the empty state").isLessThanOrEqualTo(empty / 100);
        }
    }

    /** used_memory once the server has shrunk its hash tables (it does so in its cron, ten times a second). */
    private static long settledMemory(long target) throws InterruptedException {
        long previous = -1;
        long current = usedMemory();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean near = target != Long.MAX_VALUE && Math.abs(current - target) <= target / 100;
            if (near || (target == Long.MAX_VALUE && current == previous)) {
                break;
            }
            Thread.sleep(500);
            previous = current;
            current = usedMemory();
        }
        return current;
    }

    private static long usedMemory() {
        return Long.parseLong(REDIS.get().process().info("memory").get("used_memory"));
    }
}
