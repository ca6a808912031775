package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Expiry;
import io.larder.Key;
import io.larder.Layout;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.StoreSpec;
import io.larder.cache.CacheSettings;
import io.larder.cache.CachedStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CachedStore}, specified once and run on every adapter: hits, misses,
 * negative caching, writes, invalidation, warm-up, one load per key, versions that never go
 * backwards, and reads that go to the source while the cache's backend is unavailable. A runner
 * extends it and says how to make its backend.
 */
public abstract class CachedStoreContract extends ContractSuite {
    /** Short breaker settings, so an outage opens it in a few calls and it probes again soon. */
    protected static final CacheSettings SETTINGS = CacheSettings.builder().window(4).failureRate(50)
            .openFor(Duration.ofMillis(300)).probes(1).negativeTtl(Duration.ofHours(1)).build();

    private final PlanSource source = new PlanSource();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        source.releaseHeld();
        threads.shutdownNow();
    }

    /** The source behind the caches of this test. */
    protected PlanSource source() {
        return source;
    }

    /** A fresh store of plans, the values layout, expiring an hour after each write. */
    protected Storage<CachedPlan> planStore() {
        return larder().store(StoreSpec.builder(freshName(), CachedPlan.class).layout(Layout.VALUES)
                .expiry(Expiry.absolute(Duration.ofHours(1))).build());
    }

    /** A cache of {@link #source()} in {@code store}. */
    protected CachedStore<CachedPlan> cacheIn(Storage<CachedPlan> store, CacheSettings settings) {
        return CachedStore.over(store, source::find).version(CachedPlan::version).writer(source::save).settings(settings)
                .meterRegistry(registry()).build();
    }

    private CachedStore<CachedPlan> cache() {
        return cacheIn(planStore(), SETTINGS);
    }

    private double count(String name, String tag, String value) {
        return registry().find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aHitIsServedFromTheCacheWithoutAskingTheSource() {
        CachedStore<CachedPlan> plans = cache();
        source.update(CachedPlan.of("p1", "strength"));
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
        assertThat(source.reads()).isEqualTo(1);
        assertThat(count("larder.cache.gets", "result", "hit")).isEqualTo(1);
        assertThat(count("larder.cache.gets", "result", "miss")).isEqualTo(1);
    }

    @Test
    void aMissLoadsFromTheSourceAndCachesTheRecordInTheStore() {
        CachedStore<CachedPlan> plans = cache();
        source.update(CachedPlan.of("p1", "strength"));
        plans.get(Key.of("p1"));
        assertThat(plans.store().load(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
        assertThat(count("larder.cache.loads", "outcome", "success")).isEqualTo(1);
    }

    @Test
    void aKeyTheSourceDoesNotHaveIsAskedForOnceWithinTheNegativeTtl() {
        CachedStore<CachedPlan> plans = cache();
        assertThat(plans.get(Key.of("nobody"))).isEmpty();
        assertThat(plans.get(Key.of("nobody"))).isEmpty();
        assertThat(source.reads()).isEqualTo(1);
        assertThat(plans.store().load(Key.of("nobody"))).isEmpty();
    }

    @Test
    void notFoundIsAskedAgainWhenTheNegativeTtlIsZero() {
        CachedStore<CachedPlan> plans = cacheIn(planStore(), CacheSettings.builder().negativeTtl(Duration.ZERO).build());
        plans.get(Key.of("nobody"));
        plans.get(Key.of("nobody"));
        assertThat(source.reads()).isEqualTo(2);
    }

    @Test
    void aPutClearsARememberedNotFound() {
        CachedStore<CachedPlan> plans = cache();
        assertThat(plans.get(Key.of("p1"))).isEmpty();
        plans.put(CachedPlan.of("p1", "strength"));
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
    }

    @Test
    void aPutWritesTheSourceThenTheCacheAndIsReadBackAtItsNewVersion() {
        CachedStore<CachedPlan> plans = cache();
        CachedPlan v1 = CachedPlan.of("p1", "strength");
        assertThat(plans.put(v1)).isEqualTo(Key.of("p1"));
        plans.put(v1.renamed("endurance"));
        assertThat(plans.get(Key.of("p1"))).contains(v1.renamed("endurance"));
        assertThat(plans.store().load(Key.of("p1"))).contains(v1.renamed("endurance"));
        assertThat(source.reads()).as("a put leaves the new version cached").isZero();
    }

    @Test
    void aPutThatTheSourceRefusesLeavesTheCacheAsItWas() {
        CachedStore<CachedPlan> plans = CachedStore.over(planStore(), source::find).version(CachedPlan::version)
                .writer(p -> {
                    throw new SQLException("version conflict on " + p.id());
                }).meterRegistry(registry()).build();
        source.update(CachedPlan.of("p1", "strength"));
        plans.get(Key.of("p1"));
        assertThatThrownBy(() -> plans.put(CachedPlan.of("p1", "strength").renamed("mine")))
                .isInstanceOf(StorageException.class).hasCauseInstanceOf(SQLException.class);
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
    }

    @Test
    void onPutInvalidateDeletesTheCachedEntryAndTheNextReadLoadsIt() {
        CachedStore<CachedPlan> plans = cacheIn(planStore(), CacheSettings.builder().onPut(CacheSettings.OnPut.INVALIDATE).build());
        source.update(CachedPlan.of("p1", "strength"));
        plans.get(Key.of("p1"));
        plans.put(CachedPlan.of("p1", "strength").renamed("endurance"));
        assertThat(plans.store().load(Key.of("p1"))).isEmpty();
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength").renamed("endurance"));
        assertThat(source.reads()).isEqualTo(2);
    }

    @Test
    void invalidateMakesTheNextReadLoadFromTheSource() {
        CachedStore<CachedPlan> plans = cache();
        source.update(CachedPlan.of("p1", "strength"));
        plans.get(Key.of("p1"));
        source.update(CachedPlan.of("p1", "strength").renamed("changed elsewhere"));
        assertThat(plans.get(Key.of("p1"))).as("still cached").contains(CachedPlan.of("p1", "strength"));
        plans.invalidate(Key.of("p1"));
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength").renamed("changed elsewhere"));
    }

    @Test
    void warmUpLoadsTheKeysSoTheirReadsHit() {
        CachedStore<CachedPlan> plans = cache();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            source.update(CachedPlan.of("p" + i, "plan " + i));
            keys.add(Key.of("p" + i));
        }
        keys.add(Key.of("missing"));
        assertThat(plans.warmUp(keys)).isEqualTo(20);
        int readsAfterWarmUp = source.reads();
        for (Key k : keys) {
            plans.get(k);
        }
        assertThat(source.reads()).isEqualTo(readsAfterWarmUp);
    }

    @Test
    void warmUpWithTheConfiguredKeysLoadsThem() {
        CachedStore<CachedPlan> plans = cacheIn(planStore(), CacheSettings.builder().warmUpKeys(List.of("default", "weekly")).build());
        source.update(CachedPlan.of("default", "the default plan"));
        source.update(CachedPlan.of("weekly", "the weekly plan"));
        assertThat(plans.warmUp()).isEqualTo(2);
        assertThat(plans.store().load(Key.of("weekly"))).contains(CachedPlan.of("weekly", "the weekly plan"));
    }

    @Test
    void warmUpFromABulkReadCachesEveryRecordWithoutAskingForThemOneByOne() {
        CachedStore<CachedPlan> plans = cache();
        List<CachedPlan> active = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            active.add(CachedPlan.of("a" + i, "active " + i));
        }
        assertThat(plans.warmUp(active.stream())).isEqualTo(50);
        assertThat(plans.get(Key.of("a49"))).contains(active.get(49));
        assertThat(source.reads()).isZero();
    }

    @Test
    void concurrentMissesOfOneKeyLoadItOnce() throws Exception {
        CachedStore<CachedPlan> plans = cache();
        source.update(CachedPlan.of("hot", "popular"));
        source.holdReadsOf("hot");
        List<Future<Optional<CachedPlan>>> readers = new ArrayList<>();
        readers.add(threads.submit(() -> plans.get(Key.of("hot"))));
        source.awaitHeld();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            FutureTask<Optional<CachedPlan>> read = new FutureTask<>(() -> plans.get(Key.of("hot")));
            Thread t = new Thread(read, "reader-" + i);
            t.start();
            waiting.add(t);
            readers.add(read);
        }
        awaitJoiningTheLoad(waiting);
        source.releaseHeld();
        for (Future<Optional<CachedPlan>> r : readers) {
            assertThat(r.get(30, TimeUnit.SECONDS)).contains(CachedPlan.of("hot", "popular"));
        }
        assertThat(source.reads()).isEqualTo(1);
    }

    @Test
    void aSlowLoadDoesNotHoldUpReadsOfOtherKeys() throws Exception {
        CachedStore<CachedPlan> plans = cache();
        source.update(CachedPlan.of("slow", "slow row"));
        source.update(CachedPlan.of("quick", "quick row"));
        source.holdReadsOf("slow");
        Future<Optional<CachedPlan>> slow = threads.submit(() -> plans.get(Key.of("slow")));
        source.awaitHeld();
        Future<Optional<CachedPlan>> quick = threads.submit(() -> plans.get(Key.of("quick")));
        assertThat(quick.get(30, TimeUnit.SECONDS)).contains(CachedPlan.of("quick", "quick row"));
        assertThat(slow).isNotDone();
        source.releaseHeld();
        assertThat(slow.get(30, TimeUnit.SECONDS)).contains(CachedPlan.of("slow", "slow row"));
    }

    @Test
    void aFailedLoadIsNotCachedAndTheNextReadTriesAgain() {
        CachedStore<CachedPlan> plans = cache();
        source.update(CachedPlan.of("p1", "strength"));
        source.failNextRead(new IllegalStateException("the database is restarting"));
        assertThatThrownBy(() -> plans.get(Key.of("p1"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("restarting");
        assertThat(plans.store().load(Key.of("p1"))).isEmpty();
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
        assertThat(count("larder.cache.loads", "outcome", "failure")).isEqualTo(1);
    }

    @Test
    void anOlderVersionNeverReplacesANewerOneInTheCache() {
        CachedStore<CachedPlan> plans = cache();
        CachedPlan v1 = CachedPlan.of("p1", "strength");
        plans.put(v1);
        plans.put(v1.renamed("v2"));
        // a second process's warm-up, holding what it read before the put
        plans.warmUp(Stream.of(v1));
        assertThat(plans.store().load(Key.of("p1"))).contains(v1.renamed("v2"));
        assertThat(plans.get(Key.of("p1"))).contains(v1.renamed("v2"));
    }

    @Test
    void aLoadRacingAPutLeavesNotTheOlderValueCached() throws Exception {
        for (CacheSettings.OnPut mode : CacheSettings.OnPut.values()) {
            CachedStore<CachedPlan> plans = cacheIn(planStore(), CacheSettings.builder().onPut(mode).build());
            CachedPlan v1 = CachedPlan.of("p1", "before");
            source.update(v1);
            source.holdReadsOf("p1");
            Future<Optional<CachedPlan>> reader = threads.submit(() -> plans.get(Key.of("p1")));
            source.awaitHeld();                       // the reader has read v1 from the source
            plans.put(v1.renamed("after"));
            source.releaseHeld();
            assertThat(reader.get(30, TimeUnit.SECONDS)).as(mode + ": the read overlapped the put").isPresent();
            assertThat(plans.get(Key.of("p1"))).as(mode.toString()).contains(v1.renamed("after"));
        }
    }

    @Test
    void aLoadRacingAnInvalidateLeavesNothingCached() throws Exception {
        CachedStore<CachedPlan> plans = cache();
        source.update(CachedPlan.of("p1", "before"));
        source.holdReadsOf("p1");
        Future<Optional<CachedPlan>> reader = threads.submit(() -> plans.get(Key.of("p1")));
        source.awaitHeld();
        source.update(CachedPlan.of("p1", "before").renamed("after"));
        plans.invalidate(Key.of("p1"));
        source.releaseHeld();
        reader.get(30, TimeUnit.SECONDS);
        assertThat(plans.store().load(Key.of("p1"))).isEmpty();
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "before").renamed("after"));
    }

    @Test
    void readsGoToTheSourceWhileTheBackendIsDownAndToTheCacheOnceItIsBack() {
        Outage<CachedPlan> outage = new Outage<>(planStore());
        CachedStore<CachedPlan> plans = cacheIn(outage, SETTINGS);
        source.update(CachedPlan.of("p1", "strength"));
        plans.get(Key.of("p1"));
        outage.down();
        for (int i = 0; i < 20; i++) {
            assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
        }
        assertThat(plans.isDegraded()).isTrue();
        assertThat(count("larder.cache.gets", "result", "degraded")).isEqualTo(20);
        outage.up();
        awaitClosed(plans, () -> plans.get(Key.of("p1")));
        int reads = source.reads();
        assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
        assertThat(source.reads()).as("served by the cache again").isEqualTo(reads);
        assertThat(count("larder.cache.breaker.transitions", "to", "open")).isEqualTo(1);
        assertThat(count("larder.cache.breaker.transitions", "to", "closed")).isEqualTo(1);
    }

    @Test
    void whileTheBreakerIsOpenConcurrentReadsOfOneKeyStillLoadItOnce() throws Exception {
        Outage<CachedPlan> outage = new Outage<>(planStore());
        CachedStore<CachedPlan> plans = cacheIn(outage, CacheSettings.builder().window(1).openFor(Duration.ofHours(1)).build());
        source.update(CachedPlan.of("hot", "popular"));
        outage.down();
        plans.get(Key.of("hot"));
        assertThat(plans.isDegraded()).isTrue();
        int before = source.reads();
        source.holdReadsOf("hot");
        Future<Optional<CachedPlan>> first = threads.submit(() -> plans.get(Key.of("hot")));
        source.awaitHeld();
        List<Thread> waiting = new ArrayList<>();
        List<Future<Optional<CachedPlan>>> rest = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            FutureTask<Optional<CachedPlan>> read = new FutureTask<>(() -> plans.get(Key.of("hot")));
            Thread t = new Thread(read, "reader-" + i);
            t.start();
            waiting.add(t);
            rest.add(read);
        }
        awaitJoiningTheLoad(waiting);
        source.releaseHeld();
        assertThat(first.get(30, TimeUnit.SECONDS)).contains(CachedPlan.of("hot", "popular"));
        for (Future<Optional<CachedPlan>> r : rest) {
            assertThat(r.get(30, TimeUnit.SECONDS)).contains(CachedPlan.of("hot", "popular"));
        }
        assertThat(source.reads() - before).isEqualTo(1);
    }

    /** Waits until every thread is parked on the load in flight (not merely started). */
    private static void awaitJoiningTheLoad(List<Thread> readers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : readers) {
            while (!Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(
                    "java.util.concurrent.CompletableFuture") && f.getMethodName().equals("join"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(t.getName() + " never waited for the load in flight");
                }
                Thread.sleep(5);
            }
        }
    }

    @Test
    void aPutMadeWhileTheBackendIsDownIsNeverServedStaleOnceItIsBack() {
        Outage<CachedPlan> outage = new Outage<>(planStore());
        CachedStore<CachedPlan> plans = cacheIn(outage, SETTINGS);
        CachedPlan v1 = CachedPlan.of("p1", "before the outage");
        plans.put(v1);
        plans.put(CachedPlan.of("p2", "deleted during the outage"));
        outage.down();
        plans.put(v1.renamed("during the outage"));
        source.update(CachedPlan.of("p2", "deleted during the outage").renamed("gone"));
        plans.invalidate(Key.of("p2"));
        assertThat(plans.get(Key.of("p1"))).contains(v1.renamed("during the outage"));
        outage.up();                                   // the backend comes back holding v1
        // every read while the breaker probes and closes, the probe included, sees the new version
        awaitClosed(plans, () -> assertThat(plans.get(Key.of("p1"))).contains(v1.renamed("during the outage")));
        assertThat(plans.get(Key.of("p1"))).contains(v1.renamed("during the outage"));
        assertThat(plans.get(Key.of("p2"))).contains(CachedPlan.of("p2", "deleted during the outage").renamed("gone"));
        assertThat(plans.store().load(Key.of("p1"))).as("the stale entry was replaced")
                .hasValueSatisfying(p -> assertThat(p.version()).isEqualTo(2));
        assertThat(registry().get("larder.cache.repairs.pending").gauge().value()).isZero();
    }

    @Test
    void readsStillSucceedFromTheSourceOnceTheLarderIsClosed() {
        CachedStore<CachedPlan> plans = cache();
        source.update(CachedPlan.of("p1", "strength"));
        plans.get(Key.of("p1"));
        larder().close();
        for (int i = 0; i < 10; i++) {
            assertThat(plans.get(Key.of("p1"))).contains(CachedPlan.of("p1", "strength"));
        }
        assertThat(plans.isDegraded()).isTrue();
        assertThat(count("larder.cache.gets", "result", "degraded")).isEqualTo(10);
    }

    /** Reads until the breaker has closed again: each read after openFor may be the probe. */
    private static void awaitClosed(CachedStore<CachedPlan> plans, Runnable read) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (plans.isDegraded()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the breaker did not close within 30 s of the backend's return");
            }
            read.run();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
