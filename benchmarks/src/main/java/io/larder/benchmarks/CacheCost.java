package io.larder.benchmarks;

import io.larder.Key;
import java.sql.SQLException;
import java.util.List;

/**
 * The cache layer's cost measured by {@link PairedBatches}: batches of {@value #BATCH} reads of
 * each path of a pair, {@value #PAIRS} pairs. For a Redis read the CPU ratio is the stricter one:
 * the added work is all CPU, while most of a plain read's time is spent waiting for the server.
 */
final class CacheCost {
    static final int BATCH = 2000;
    static final int PAIRS = 200;

    /**
     * One pair's medians.
     *
     * @param label what is compared
     * @param wall the median ratio of wall time, subject ÷ baseline
     * @param cpu the median ratio of the thread's CPU time
     * @param subjectMicros the subject's median wall time per read
     * @param baselineMicros the baseline's median wall time per read
     */
    record Ratio(String label, double wall, double cpu, double subjectMicros, double baselineMicros) {
    }

    private CacheCost() {
    }

    /** Measures {@code subject} against {@code baseline} over {@code keys}. */
    static Ratio measure(String label, CacheFixture.Read subject, CacheFixture.Read baseline, List<Key> keys) throws SQLException {
        PairedBatches.Medians m = PairedBatches.<SQLException>measure(() -> batch(subject, keys), () -> batch(baseline, keys),
                PAIRS / 10, PAIRS);
        return new Ratio(label, m.wall(), m.cpu(), m.subjectMicros() / BATCH, m.baselineMicros() / BATCH);
    }

    /** Reads {@value #BATCH} keys, every one of which must be found. */
    private static void batch(CacheFixture.Read read, List<Key> keys) throws SQLException {
        int found = 0;
        for (int i = 0; i < BATCH; i++) {
            found += read.read(keys.get(i % keys.size())).isPresent() ? 1 : 0;
        }
        if (found != BATCH) {
            throw new IllegalStateException("a batch found " + found + " of " + BATCH + " plans");
        }
    }

    /** The three pairs: a hit against a plain load on Redis and on memory, a degraded read against a direct JDBC read. */
    static List<Ratio> all() throws SQLException {
        Ratio redis;
        try (CacheFixture f = new CacheFixture("redis").warm()) {
            redis = measure("cache hit ÷ plain load, Redis (Jedis)", f.reader("hit"), f.reader("load"), f.keys);
        }
        Ratio memory;
        try (CacheFixture f = new CacheFixture("memory").warm()) {
            memory = measure("cache hit ÷ plain load, memory", f.reader("hit"), f.reader("load"), f.keys);
        }
        Ratio degraded;
        try (CacheFixture f = new CacheFixture("memory")) {
            CacheFixture.Read jdbc = f.reader("jdbc");
            f.broken();
            degraded = measure("degraded read ÷ direct JDBC read (H2)", f.reader("degraded"), jdbc, f.keys);
        }
        return List.of(redis, memory, degraded);
    }
}
