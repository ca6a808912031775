package io.larder.tck;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.testkit.Note;
import io.larder.testkit.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** What every part of the contract reaches: a fresh Larder per test, its clock, and store helpers. */
public interface ContractFixture {
    /** A base time for records (not the clock): 2026-01-01T00:00:00Z. */
    long T0 = 1_767_225_600_000L;

    /** The Larder of this test, on the adapter under test. */
    Larder larder();

    /** The clock of this test. */
    TestClock clock();

    /** The meter registry of this test's Larder. */
    SimpleMeterRegistry registry();

    /** The unit of time in expiry behaviours: long for a virtual clock, short for a real one. */
    Duration tick();

    /** A store name no other test uses, so tests never see each other's records. */
    String freshName();

    /**
     * Stores {@code bytes} as the value of {@code note}, through the adapter's own write path, as
     * bytes another writer put under its key would lie there (damaged values, bombs).
     */
    void plant(Storage<Note> store, Note note, byte[] bytes);

    /** Moves the clock by {@code n} ticks. */
    default void advance(int n) {
        clock().advance(tick().multipliedBy(n));
    }

    /**
     * Whether fewer than {@code n} ticks have passed since {@code since} (a {@link #clock()} reading
     * taken before the writes a check is about). On a virtual clock that is exactly what the test's
     * advances say; on a real one it also covers the time the machine took, so a check of what must
     * still be there before an expiry is made while it holds, and a stall of a loaded machine past
     * that expiry does not turn it into a false failure.
     */
    default boolean within(long since, int n) {
        return clock().millis() - since < tick().multipliedBy(n).toMillis();
    }

    /**
     * Sweeps the Larder's open stores until {@code store} holds no index entry, or 2,000 sweeps
     * went by; the caller asserts what is left. Counting the entries walks the whole shared
     * keyspace, so they are counted again only once the sweeps removed as many as were last
     * counted, not after every bounded sweep.
     */
    default void sweepUntilClean(String store) {
        long left = larder().indexEntries(store);
        for (int sweeps = 0; sweeps < 2_000 && left > 0; sweeps++) {
            left -= larder().sweep();
            if (left <= 0) {
                left = larder().indexEntries(store);
            }
        }
    }

    /** A fresh store of notes: partitioned by group, timed by {@code at}, indexed by author and kind, never expiring. */
    default Storage<Note> notes() {
        return larder().store(noteSpec().build());
    }

    /** The notes declaration, to add settings to. */
    default StoreSpec.Builder<Note> noteSpec() {
        return StoreSpec.builder(freshName(), Note.class).partitionBy("group").time("at").index("author", "kind");
    }

    /** Text of {@code n} random letters and digits: no compression shrinks it much. */
    static String incompressible(int n) {
        Random random = new Random(n);
        StringBuilder out = new StringBuilder(n);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** The key of note {@code id} in group {@code g}. */
    static Key key(String g, String id) {
        return Key.of(g, id);
    }

    /** Runs {@code work} on {@code n} threads started together, and rethrows the first failure. */
    static void runConcurrently(int n, IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                int worker = w;
                Callable<Void> task = () -> {
                    go.await();
                    work.accept(worker);
                    return null;
                };
                done.add(pool.submit(task));
            }
            go.countDown();
            for (Future<Void> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
