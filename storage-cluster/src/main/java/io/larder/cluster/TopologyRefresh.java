package io.larder.cluster;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topology again when asked, at most once per {@value #MIN_INTERVAL_MILLIS} ms: after
 * a failover every thread that meets the dead node asks at once, and one refresh serves them
 * all. A refresh that fails is logged and left to the next request. Thread-safe.
 */
final class TopologyRefresh {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyRefresh.class);
    private static final long MIN_INTERVAL_MILLIS = 100;

    private final Runnable reload;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - MIN_INTERVAL_MILLIS * 1_000_000);

    TopologyRefresh(Runnable reload) {
        this.reload = reload;
    }

    void request() {
        long now = System.nanoTime();
        long before = last.get();
        if (now - before < MIN_INTERVAL_MILLIS * 1_000_000 || !last.compareAndSet(before, now)) {
            return;
        }
        try {
            reload.run();
        } catch (RuntimeException e) {
            LOG.debug("topology refresh failed; the next request tries again", e);
        }
    }
}
