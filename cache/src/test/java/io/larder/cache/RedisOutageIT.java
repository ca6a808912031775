package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.BackendSettings;
import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.StoreSpec;
import io.larder.cluster.ClusterBackend;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings.Client;
import io.larder.spi.Backend;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisProcess;
import io.larder.testkit.RedisStandalone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis is killed (SIGKILL) in the middle of a read load over a cache of an H2 table, and started
 * again from the snapshot it had, so it comes back holding the values it had before the kill.
 * Every read succeeds: from the database while Redis is down, from Redis again once the breaker
 * closes; the breaker opens once and closes once; and a plan changed while Redis was down is never
 * read at its old version, though the restarted Redis still holds it.
 */
@Isolated("kills and restarts Redis servers; the outage is measured")
class RedisOutageIT {
    private static final int PLANS = 200;
    private static final int READERS = 4;
    private static final Key CHANGED = Key.of("p0");

    @ParameterizedTest
    @EnumSource(Client.class)
    void standaloneKilledMidLoad(Client client) throws Exception {
        try (RedisStandalone redis = RedisStandalone.start()) {
            outage("standalone " + client, RedisBackend.create(Targets.standalone(redis, client)), redis.process());
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void clusterMasterKilledMidLoad(Client client) throws Exception {
        // no replicas: the killed master's slots stay down until it is back, as a lone server's would
        try (RedisClusterGroup cluster = RedisClusterGroup.builder().replicasPerMaster(0).build()) {
            RedisProcess victim = cluster.nodeForSlot(RedisClusterGroup.slot("{" + storeName("cluster " + client) + "}"));
            // and no replica to confirm a write: the cluster's default policy (WAIT 1, fail) would refuse every one
            outage("cluster " + client, ClusterBackend.create(BackendSettings.of(Targets.cluster(cluster, client)).mutate()
                    .durability(Durability.none()).build()),
                    victim);
        }
    }

    private static String storeName(String what) {
        return "plans-" + what.replace(' ', '-').toLowerCase(Locale.ROOT);
    }

    private void outage(String what, Backend backend, RedisProcess victim) throws Exception {
        PlanDao dao = new PlanDao("outage-" + storeName(what));
        for (int i = 0; i < PLANS; i++) {
            dao.save(new Plan("p" + i, 1, "plan " + i));
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Larder larder = Larder.builder().backend(backend).meterRegistry(registry).sweepEvery(Duration.ZERO).build()) {
            CachedStore<Plan> plans = CachedStore.over(larder.store(StoreSpec.builder(storeName(what), Plan.class)
                            .layout(Layout.VALUES).expiry(Expiry.absolute(Duration.ofHours(1))).build()), dao::find)
                    .version(Plan::version).writer(dao::save).meterRegistry(registry)
                    .settings(CacheSettings.builder().openFor(Duration.ofMillis(500)).build()).build();
            List<Key> keys = new ArrayList<>();
            for (int i = 0; i < PLANS; i++) {
                keys.add(Key.of("p" + i));
            }
            assertThat(plans.warmUp(keys)).isEqualTo(PLANS);
            victim.call("SAVE");                       // the restarted server will hold every plan at version 1

            Readers readers = new Readers(plans, keys);
            readers.awaitReads(2_000);
            int queriesAtKill = dao.queries();
            double degradedAtKill = count(registry, "larder.cache.gets", "result", "degraded");
            long killedAt = System.nanoTime();
            victim.kill();
            await("the breaker to open", plans::isDegraded);
            long openedAfter = millisSince(killedAt);
            plans.put(new Plan("p0", 1, "plan 0").renamed("changed while Redis was down"));
            readers.changed.set(true);
            readers.awaitReads(readers.reads.get() + 2_000);

            int queriesWhileDown = dao.queries() - queriesAtKill;
            double degradedWhileDown = count(registry, "larder.cache.gets", "result", "degraded") - degradedAtKill;
            long restartedAt = System.nanoTime();
            victim.restart();
            await("the breaker to close", () -> !plans.isDegraded());
            long closedAfter = millisSince(restartedAt);
            double hitsAtClose = count(registry, "larder.cache.gets", "result", "hit");
            readers.awaitReads(readers.reads.get() + 2_000);
            readers.stop();

            double hitsAfter = count(registry, "larder.cache.gets", "result", "hit") - hitsAtClose;
            System.out.printf("OUTAGE %s: breaker opened %d ms after the kill; %.0f reads went to the database while Redis"
                            + " was down (%d queries); the breaker closed %d ms after the restart; %.0f hits since;"
                            + " %d reads in all, %d failed, %d stale %s%n", what, openedAfter, degradedWhileDown,
                    queriesWhileDown, closedAfter, hitsAfter, readers.reads.get(), readers.failed.get(), readers.stale.get(),
                    readers.failures);
            assertThat(readers.failed.get()).as("failed reads " + readers.failures).isZero();
            assertThat(readers.stale.get()).as("reads of the changed plan at its old version").isZero();
            assertThat(degradedWhileDown).as("reads served by the database while Redis was down").isPositive();
            assertThat(hitsAfter).as("reads served by Redis after it came back").isPositive();
            assertThat(count(registry, "larder.cache.breaker.transitions", "to", "open")).as("times opened").isEqualTo(1);
            assertThat(count(registry, "larder.cache.breaker.transitions", "to", "closed")).as("times closed").isEqualTo(1);
            assertThat(plans.get(CHANGED)).map(Plan::version).contains(2L);
            assertThat(plans.store().load(CHANGED)).as("Redis no longer holds version 1")
                    .satisfiesAnyOf(p -> assertThat(p).isEmpty(), p -> assertThat(p).map(Plan::version).contains(2L));
        }
    }

    /** Reader threads reading random plans in a loop, counting reads, failures and stale reads of the changed plan. */
    private static final class Readers {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger stale = new AtomicInteger();
        final AtomicBoolean changed = new AtomicBoolean();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Readers(CachedStore<Plan> plans, List<Key> keys) {
            for (int t = 0; t < READERS; t++) {
                Thread thread = new Thread(() -> {
                    while (!stop.get()) {
                        Key key = ThreadLocalRandom.current().nextInt(10) == 0 ? CHANGED
                                : keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                        boolean changedBefore = changed.get();
                        try {
                            Optional<Plan> p = plans.get(key);
                            if (p.isEmpty()) {
                                failed.incrementAndGet();
                                failures.merge("missing " + key, 1, Integer::sum);
                            } else if (changedBefore && key.equals(CHANGED) && p.get().version() < 2) {
                                stale.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                        }
                        reads.incrementAndGet();
                    }
                }, "outage-reader-" + t);
                thread.start();
                threads.add(thread);
            }
        }

        void awaitReads(int count) {
            await(count + " reads", () -> reads.get() >= count);
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    private static double count(SimpleMeterRegistry registry, String name, String tag, String value) {
        return registry.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 60 s for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
