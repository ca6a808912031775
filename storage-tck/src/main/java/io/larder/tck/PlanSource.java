package io.larder.tck;

import io.larder.Key;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The source of truth behind the cache contract: a table of plans that counts its reads and can
 * hold a read (after it has read the row) until the test lets it go, or fail the next read.
 * A fixture for timing and failures; the cache module's own tests run a real database. Thread-safe.
 */
public final class PlanSource {
    private final ConcurrentHashMap<String, CachedPlan> rows = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<RuntimeException> nextFailure = new AtomicReference<>();
    private volatile @Nullable String heldKey; // null: no read is held
    private volatile CountDownLatch reached = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    /** The loader: the row of {@code key}. */
    public Optional<CachedPlan> find(Key key) throws InterruptedException {
        reads.incrementAndGet();
        RuntimeException failure = nextFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        Optional<CachedPlan> row = Optional.ofNullable(rows.get(key.id()));
        if (key.id().equals(heldKey)) {
            reached.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a held read of " + key + " was never released");
            }
        }
        return row;
    }

    /** The writer: stores the row as given (its version is the caller's). */
    public CachedPlan save(CachedPlan plan) {
        rows.put(plan.id(), plan);
        return plan;
    }

    /** Changes a row behind the cache's back, as another application would. */
    public void update(CachedPlan plan) {
        rows.put(plan.id(), plan);
    }

    /** How many reads the source has answered or failed. */
    public int reads() {
        return reads.get();
    }

    /** The next read fails with {@code e}. */
    public void failNextRead(RuntimeException e) {
        nextFailure.set(e);
    }

    /** Reads of {@code id} will stop after reading the row, until {@link #releaseHeld()}. */
    public void holdReadsOf(String id) {
        reached = new CountDownLatch(1);
        release = new CountDownLatch(1);
        heldKey = id;
    }

    /** Waits until a held read has read its row. */
    public void awaitHeld() throws InterruptedException {
        if (!reached.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no read of " + heldKey + " reached the source within 30 s");
        }
    }

    /** Lets held reads return, and stops holding. */
    public void releaseHeld() {
        heldKey = null;
        release.countDown();
    }
}
