package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.StoreSpec;
import io.larder.spi.BackendSettings.Client;
import io.larder.testkit.HostAndPort;
import io.larder.testkit.Note;
import io.larder.testkit.RedisSentinelGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A master dies under a steady stream of writes through the Sentinel adapter: writes resume on
 * the promoted replica without a restart, every failed write says the backend was unavailable,
 * and every write that was acknowledged can be read afterwards.
 */
@Isolated("timing: the gap is measured")
class SentinelFailoverIT {
    private static final long T0 = 1_767_225_600_000L;

    @ParameterizedTest
    @EnumSource(Client.class)
    void writesResumeOnThePromotedReplicaAndNoAcknowledgedWriteIsLost(Client client) throws Exception {
        try (RedisSentinelGroup group = RedisSentinelGroup.start();
             Larder larder = Larder.builder().backend(RedisBackend.create(Targets.sentinel(group, client)))
                     .sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = larder.store(StoreSpec.builder("failover-" + client, Note.class)
                    .partitionBy("group").time("at").index("author").build());
            List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            AtomicInteger failed = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Long> ackTimes = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String id = String.format("w%06d", i);
                    try {
                        notes.save(Note.of(id, "g" + (i % 4), "alice", T0 + i));
                        long now = System.nanoTime();
                        acknowledged.add(id);
                        ackTimes.add(now);
                    } catch (StorageException e) {
                        failed.incrementAndGet();
                        failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                        sleep(10); // a caller's retry loop, not a spin
                    }
                }
            }, "failover-writer");
            writer.start();
            awaitCount(acknowledged, 500);
            HostAndPort original = group.master();
            long killedAt = System.nanoTime();
            group.killMaster();
            HostAndPort promoted = group.awaitFailover(Duration.ofSeconds(30));
            long promotedAfter = (System.nanoTime() - killedAt) / 1_000_000;
            // the old master is dead: these writes can only land on the promoted replica
            awaitCount(acknowledged, acknowledged.size() + 300);
            stop.set(true);
            writer.join(10_000);

            // the outage as the writer saw it: the longest pause between two acknowledged writes
            long gapNanos = 0;
            List<Long> times = List.copyOf(ackTimes);
            for (int i = 1; i < times.size(); i++) {
                gapNanos = Math.max(gapNanos, times.get(i) - times.get(i - 1));
            }
            System.out.printf("FAILOVER %s: master %s -> %s (sentinels agreed %d ms after the kill); longest pause between"
                            + " acknowledged writes %d ms; %d failed writes %s; %d acknowledged%n", client, original, promoted,
                    promotedAfter, gapNanos / 1_000_000, failed.get(), failures, acknowledged.size());
            assertThat(promoted).isNotEqualTo(original);
            assertThat(failures.keySet()).as("every failure is retryable").allMatch(name ->
                    name.equals(StorageUnavailableException.class.getSimpleName())
                            || name.equals("CommandTimeoutException"));
            List<Key> keys = new ArrayList<>();
            for (String id : List.copyOf(acknowledged)) {
                keys.add(Key.of("g" + (Integer.parseInt(id.substring(1)) % 4), id));
            }
            assertThat(notes.loadAll(keys)).as("every acknowledged write is readable").hasSize(keys.size());
            assertThat(larder.health().details()).containsEntry("role", "master");
        }
    }

    private static void awaitCount(List<String> acknowledged, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.size() + " of " + count + " writes acknowledged in 60 s");
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
