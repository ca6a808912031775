package io.larder.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topology again, on one background thread: when asked (at most once per
 * {@value #MIN_INTERVAL_MILLIS} ms, however many threads ask: after a failover every thread that
 * meets the dead node asks at once) and, if given a period, periodically. Callers never wait
 * for a refresh they {@linkplain #request() request}: one that reaches a paused node may take a
 * while, and writes to the other nodes go on meanwhile. A refresh that fails is logged and left
 * to the next request. Thread-safe.
 */
final class TopologyRefresh implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyRefresh.class);
    private static final long MIN_INTERVAL_MILLIS = 100;

    private final Runnable reload;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong last = new AtomicLong(System.nanoTime() - MIN_INTERVAL_MILLIS * 1_000_000);

    /** Refreshes with {@code reload}, also every {@code period} unless it is zero. */
    TopologyRefresh(Runnable reload, Duration period) {
        this.reload = reload;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "larder-cluster-topology");
            t.setDaemon(true);
            return t;
        });
        if (!period.isZero()) {
            thread.scheduleWithFixedDelay(this::run, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Asks for a refresh soon, in the background; returns at once. */
    void request() {
        long now = System.nanoTime();
        if (now - last.get() < MIN_INTERVAL_MILLIS * 1_000_000 || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                queued.set(false);
                run();
            });
        } catch (RejectedExecutionException e) {
            queued.set(false); // closed
        }
    }

    /** Refreshes now and waits for it (at most {@code timeout}): for health, which reports what the cluster says this moment. */
    void now(Duration timeout) {
        Future<?> done;
        try {
            done = thread.submit(this::run);
        } catch (RejectedExecutionException e) {
            return;
        }
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("topology refresh did not complete in {} ms", timeout.toMillis(), e);
        }
    }

    private void run() {
        last.set(System.nanoTime());
        try {
            reload.run();
        } catch (RuntimeException e) {
            LOG.debug("topology refresh failed; the next request tries again", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
