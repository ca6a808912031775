package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.HostAndPort;
import io.larder.testkit.Note;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import io.larder.testkit.RedisSentinelGroup;
import io.larder.testkit.WriteLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Faults from outside, as production has them: four writers per driver save unique records
 * through Larder (both drivers at once), the Sentinel master is SIGKILLed, or SIGSTOPped for 15 s
 * (a long GC pause, a frozen VM, a partition), 10 s into the run, and afterwards every
 * acknowledged id is read back. Under the default policy (a write is acknowledged once a replica
 * holds it) none is lost; a write no replica confirmed is reported to its caller. After a kill
 * both drivers write again within seconds of the promotion, once the other replica follows the
 * new master. Each run prints its row of the
 * README's table. The settings are production's, command timeout included: the clients move on
 * by themselves, not because a test shortened their waits.
 */
@Isolated("breaks the master of its own Sentinel group; the gaps between acknowledgements are measured")
class SentinelFaultIT {
    /**
     * Two replicas: after a failover the promoted master still has one to confirm writes. With one,
     * it would have none until the old master rejoins, and under the default policy every write
     * would fail as unconfirmed meanwhile: the price of never acknowledging what no replica holds.
     */
    @RegisterExtension
    static final RedisExtension<RedisSentinelGroup> GROUP = RedisExtension.sentinel(b -> b.replicas(2));

    private static final Duration BEFORE_FAULT = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofSeconds(15);
    private static final Duration AFTER_KILL = Duration.ofSeconds(20);
    /** At most one save per writer per millisecond: enough to have saves in flight at every moment. */
    private static final Duration PACE = Duration.ofMillis(1);
    private static final int WRITERS = 4;
    private static final int GROUPS = 64;
    private static final Set<String> RETRYABLE = Set.of("StorageUnavailableException", "CommandTimeoutException",
            "UnconfirmedWriteException");

    @Test
    void aKilledMasterLosesNoAcknowledgedWriteAndBothDriversWriteAgainWithinSeconds() throws Exception {
        RedisSentinelGroup group = GROUP.get();
        group.awaitReplicasInSync(Duration.ofSeconds(60));
        RedisProcess killed = null;
        try (Fault run = new Fault("master SIGKILL")) {
            Thread.sleep(BEFORE_FAULT.toMillis());
            long faultAt = System.nanoTime();
            killed = group.killMaster();
            HostAndPort promoted = group.awaitFailover(Duration.ofSeconds(30));
            long promotedAt = System.nanoTime();
            Thread.sleep(Math.max(0, AFTER_KILL.toMillis() - (promotedAt - faultAt) / 1_000_000));
            run.stop();
            run.report(killed, promoted, faultAt, promotedAt);
            for (WriteLoad load : run.loads()) {
                // the writers resumed right after the promotion, not after some timeout: the outage is the failover's
                long resumed = load.firstAcknowledgedAfter(promotedAt).orElseThrow() - promotedAt;
                System.out.printf("FAULT   %s wrote again %d ms after the promotion%n", load, resumed / 1_000_000);
                assertThat(Duration.ofNanos(resumed)).as("%s: first acknowledgement after the promotion", load)
                        .isLessThan(Duration.ofSeconds(2));
            }
        } finally {
            if (killed != null) {
                killed.restart(); // the sentinels make it a replica of the new master
            }
            group.awaitReplicasInSync(Duration.ofSeconds(60));
        }
    }

    @Test
    void aPausedMasterLosesNoAcknowledgedWrite() throws Exception {
        RedisSentinelGroup group = GROUP.get();
        group.awaitReplicasInSync(Duration.ofSeconds(60));
        RedisProcess paused = null;
        try (Fault run = new Fault("master SIGSTOP 15 s")) {
            Thread.sleep(BEFORE_FAULT.toMillis());
            long faultAt = System.nanoTime();
            paused = group.pauseMaster();
            HostAndPort promoted = group.awaitFailover(Duration.ofSeconds(30));
            long promotedAt = System.nanoTime();
            Thread.sleep(Math.max(0, PAUSE.toMillis() - (promotedAt - faultAt) / 1_000_000));
            paused.resume();
            // the old master believes it is master until the sentinels next look at it (up to 10 s):
            // the writes of that window are the ones Sentinel setups lose
            group.awaitReplicasInSync(Duration.ofSeconds(30));
            Thread.sleep(2_000);
            run.stop();
            run.report(paused, promoted, faultAt, promotedAt);
        } finally {
            if (paused != null && paused.isPaused()) {
                paused.resume();
            }
            group.awaitReplicasInSync(Duration.ofSeconds(60));
        }
    }

    /** One run: a Larder per driver on the group, each with its store and its writers. */
    private static final class Fault implements AutoCloseable {
        private final String what;
        private final List<Larder> larders = new ArrayList<>();
        private final List<Storage<Note>> stores = new ArrayList<>();
        private final List<WriteLoad> loads = new ArrayList<>();

        Fault(String what) {
            this.what = what;
            for (Client client : Client.values()) {
                Larder larder = Notes.larder(RedisBackend.create(settings(client)));
                larders.add(larder);
                Storage<Note> notes = larder.store(StoreSpec.builder("fault-" + client + "-" + System.nanoTime(), Note.class)
                        .partitionBy("group").time("at").build());
                stores.add(notes);
                loads.add(WriteLoad.start(client.name().toLowerCase(), WRITERS, PACE, id -> notes.save(note(id))));
            }
        }

        List<WriteLoad> loads() {
            return loads;
        }

        void stop() {
            loads.forEach(WriteLoad::stop);
        }

        /** Reads every acknowledged id back, prints the table's rows and checks that none was lost. */
        void report(RedisProcess victim, HostAndPort promoted, long faultAt, long promotedAt) {
            System.out.printf("FAULT Sentinel, %s: %s, sentinels promoted %s %d ms later%n", what, victim, promoted,
                    (promotedAt - faultAt) / 1_000_000);
            for (int i = 0; i < loads.size(); i++) {
                WriteLoad load = loads.get(i);
                List<String> acknowledged = load.acknowledged();
                long lost = acknowledged.size() - found(stores.get(i), acknowledged);
                System.out.println("FAULT " + load.row("Sentinel, " + Client.values()[i] + ", " + what, lost));
                System.out.println("FAULT   first failures: " + load.firstFailureMessages());
                assertThat(lost).as("%s: acknowledged writes lost", load).isZero();
                assertThat(load.failures().keySet()).as("%s: every failure is retryable", load).isSubsetOf(RETRYABLE);
                assertThat(load.firstAcknowledgedAfter(promotedAt)).as("%s wrote after the promotion", load).isPresent();
            }
        }

        @Override
        public void close() {
            stop();
            larders.forEach(Larder::close);
        }
    }

    /** How many of {@code ids} the store holds. */
    private static long found(Storage<Note> notes, List<String> ids) {
        long found = 0;
        for (int from = 0; from < ids.size(); from += 10_000) {
            List<Key> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + 10_000))) {
                keys.add(key(id));
            }
            found += notes.loadAll(keys).size();
        }
        return found;
    }

    private static Note note(String id) {
        return Note.of(id, key(id).partition(), "alice", Notes.T0);
    }

    private static Key key(String id) {
        return Key.of("g" + Math.floorMod(id.hashCode(), GROUPS), id);
    }

    /** Production's settings but for the connect timeout: a dead master is refused at once here anyway. */
    private static RedisSettings settings(Client client) {
        RedisSettings.Timeouts timeouts = new RedisSettings.Timeouts(Duration.ofSeconds(2),
                RedisSettings.defaults().timeouts().command());
        return Targets.sentinel(GROUP.get(), client).mutate().timeouts(timeouts).build();
    }
}
