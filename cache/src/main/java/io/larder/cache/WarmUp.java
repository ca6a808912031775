package io.larder.cache;

import io.larder.Key;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loops of a warm-up, with progress in the log every five seconds and a stop, said once, when
 * the cache becomes unavailable (loading the source into a cache that is down only loads the
 * source). Stateless.
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(CachedStore.class);
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    private WarmUp() {
    }

    /** Loads each key through {@code load} (true when the source had it); returns how many it had. */
    static int keys(String cache, List<Key> keys, BooleanSupplier cacheUp, Predicate<Key> load) {
        LOG.info("cache '{}' warm-up: loading {} keys from the source", cache, keys.size());
        Progress progress = new Progress(cache, keys.size());
        int found = 0;
        for (Key key : keys) {
            if (!cacheUp.getAsBoolean()) {
                LOG.warn("cache '{}' warm-up stopped after {} of {} keys: the cache is unavailable", cache, progress.done,
                        keys.size());
                return found;
            }
            if (load.test(key)) {
                found++;
            }
            progress.step();
        }
        LOG.info("cache '{}' warm-up: {} of {} keys found in the source and cached in {} ms", cache, found, keys.size(),
                progress.millis());
        return found;
    }

    /** Caches each record through {@code fill} (true when cached); consumes and closes the stream; returns how many. */
    static <T> int records(String cache, Stream<? extends T> records, BooleanSupplier cacheUp, Predicate<T> fill) {
        Progress progress = new Progress(cache, -1);
        int cached = 0;
        try (Stream<? extends T> all = records) {
            Iterator<? extends T> it = all.iterator();
            while (it.hasNext()) {
                if (!cacheUp.getAsBoolean()) {
                    LOG.warn("cache '{}' warm-up stopped after {} records: the cache is unavailable", cache, progress.done);
                    return cached;
                }
                if (fill.test(it.next())) {
                    cached++;
                }
                progress.step();
            }
        }
        LOG.info("cache '{}' warm-up: cached {} records in {} ms", cache, cached, progress.millis());
        return cached;
    }

    private static final class Progress {
        private final String cache;
        private final int total;
        private final long start = System.nanoTime();
        private long logged = start;
        private int done;

        Progress(String cache, int total) {
            this.cache = cache;
            this.total = total;
        }

        void step() {
            done++;
            long now = System.nanoTime();
            if (now - logged > PROGRESS_NANOS) {
                logged = now;
                LOG.info("cache '{}' warm-up: {}{} done", cache, done, total < 0 ? "" : " of " + total);
            }
        }

        long millis() {
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
