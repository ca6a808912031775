package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import io.larder.testkit.WriteLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Faults from outside, as production has them: four writers per driver save unique records
 * through Larder (both drivers at once) into partitions spread over every master, one master is
 * SIGKILLed, or SIGSTOPped for 15 s (a long GC pause, a frozen VM, a partition), 10 s into the run,
 * and afterwards every acknowledged id is read back. Under the default policy none is lost, and
 * after a kill both drivers write again within seconds of the promotion: writers that meet the
 * dead master get a retryable error at once instead of waiting out the command timeout. Each run
 * prints its row of the README's table. The settings are production's, command timeout
 * included. The victim rejoins as a replica afterwards, so the next run finds the cluster whole.
 */
@Isolated("breaks a master of its cluster; the gaps between acknowledgements are measured")
class ClusterFaultIT {
    /**
     * Two replicas per master: after a failover the promoted master still has one (the other
     * replica of the master that failed follows it) to confirm writes. With one, it would have none
     * until the old master rejoins, and under the default policy every write to its slots would
     * fail as unconfirmed meanwhile: the price of never acknowledging what no replica holds.
     */
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = RedisExtension.cluster(b -> b.replicasPerMaster(2));

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
        RedisClusterGroup cluster = CLUSTER.get();
        RedisProcess killed = null;
        try (Fault run = new Fault("one master SIGKILL")) {
            Thread.sleep(BEFORE_FAULT.toMillis());
            long faultAt = System.nanoTime();
            killed = cluster.killMaster(0);
            RedisProcess promoted = cluster.awaitFailover(Duration.ofSeconds(30));
            long promotedAt = System.nanoTime();
            Thread.sleep(Math.max(0, AFTER_KILL.toMillis() - (promotedAt - faultAt) / 1_000_000));
            run.stop();
            run.report(killed, promoted, faultAt, promotedAt);
            Set<String> moved = groupsServedBy(cluster, promoted);
            for (WriteLoad load : run.loads()) {
                // writes to the other masters never stopped; those to the dead one's slots resumed right after the promotion
                long resumed = load.firstAcknowledgedAfter(promotedAt, id -> moved.contains(key(id).partition())).orElseThrow()
                        - promotedAt;
                System.out.printf("FAULT   %s wrote to the failed master's slots again %d ms after the promotion%n", load,
                        resumed / 1_000_000);
                assertThat(Duration.ofNanos(resumed)).as("%s: first acknowledgement after the promotion", load)
                        .isLessThan(Duration.ofSeconds(2));
                assertThat(load.longestGap().length()).as("%s: longest pause between acknowledgements", load)
                        .isLessThan(Duration.ofNanos(promotedAt - faultAt).plusSeconds(2));
            }
        } finally {
            if (killed != null) {
                rejoin(cluster, killed);
            }
        }
    }

    @Test
    void aPausedMasterLosesNoAcknowledgedWrite() throws Exception {
        RedisClusterGroup cluster = CLUSTER.get();
        RedisProcess paused = null;
        try (Fault run = new Fault("one master SIGSTOP 15 s")) {
            Thread.sleep(BEFORE_FAULT.toMillis());
            long faultAt = System.nanoTime();
            paused = cluster.pauseMaster(0);
            RedisProcess promoted = cluster.awaitFailover(Duration.ofSeconds(30));
            long promotedAt = System.nanoTime();
            Thread.sleep(Math.max(0, PAUSE.toMillis() - (promotedAt - faultAt) / 1_000_000));
            paused.resume(); // it learns that its replica took its slots and becomes that replica's replica
            awaitReplica(cluster, paused);
            Thread.sleep(2_000);
            run.stop();
            run.report(paused, promoted, faultAt, promotedAt);
        } finally {
            if (paused != null) {
                if (paused.isPaused()) {
                    paused.resume();
                }
                awaitReplica(cluster, paused);
            }
        }
    }

    /** Starts the killed node again; it finds its slots taken over and becomes a replica. */
    private static void rejoin(RedisClusterGroup cluster, RedisProcess victim) {
        victim.restart();
        awaitReplica(cluster, victim);
    }

    private static void awaitReplica(RedisClusterGroup cluster, RedisProcess node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (cluster.replicas().size() < 6 || !"slave".equals(node.role())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node + " did not rejoin as a replica within 30 s");
            }
            Targets.sleep(100);
        }
    }

    /** One run: a Larder per driver on the cluster, each with its store and its writers. */
    private static final class Fault implements AutoCloseable {
        private final String what;
        private final List<Larder> larders = new ArrayList<>();
        private final List<Storage<Note>> stores = new ArrayList<>();
        private final List<WriteLoad> loads = new ArrayList<>();

        Fault(String what) {
            this.what = what;
            for (Client client : Client.values()) {
                Larder larder = Larder.builder().backend(ClusterBackend.create(settings(client))).sweepEvery(Duration.ZERO).build();
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
        void report(RedisProcess victim, RedisProcess promoted, long faultAt, long promotedAt) {
            System.out.printf("FAULT Cluster, %s: %s, %s took over its slots %d ms later%n", what, victim, promoted,
                    (promotedAt - faultAt) / 1_000_000);
            for (int i = 0; i < loads.size(); i++) {
                WriteLoad load = loads.get(i);
                List<String> acknowledged = load.acknowledged();
                long lost = acknowledged.size() - found(stores.get(i), acknowledged);
                System.out.println("FAULT " + load.row("Cluster, " + Client.values()[i] + ", " + what, lost));
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

    /** The partitions whose slots {@code master} serves. */
    private static Set<String> groupsServedBy(RedisClusterGroup cluster, RedisProcess master) {
        Set<String> out = new HashSet<>();
        for (int g = 0; g < GROUPS; g++) {
            if (cluster.nodeForSlot(RedisClusterGroup.slot("{g" + g + "}")) == master) {
                out.add("g" + g);
            }
        }
        return out;
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
        return Note.of(id, key(id).partition(), "alice", 1_767_225_600_000L);
    }

    private static Key key(String id) {
        return Key.of("g" + Math.floorMod(id.hashCode(), GROUPS), id);
    }

    /** Production's settings but for the connect timeout: a dead master is refused at once here anyway. */
    private static ClusterSettings settings(Client client) {
        RedisSettings.Timeouts timeouts = new RedisSettings.Timeouts(Duration.ofSeconds(2),
                RedisSettings.defaults().timeouts().command());
        return Targets.cluster(CLUSTER.get(), client, timeouts);
    }
}
