package io.larder.benchmarks;

import io.larder.Key;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The cache layer's cost measured so that other processes' load cancels out: in one JVM, one
 * thread alternates batches of the two paths of a pair ({@value #BATCH} reads each, {@value #PAIRS}
 * times, the order swapped every pair), and each pair of batches gives a ratio of wall time and a
 * ratio of the thread's CPU time; the figure is the median ratio. A burst of CPU steal or a long
 * run queue falls on both batches of a pair alike, and CPU time leaves out the time the thread was
 * not running at all. For a Redis read the CPU ratio is the stricter one: the added work is all
 * CPU, while most of a plain read's time is spent waiting for the server.
 */
final class CacheCost {
    static final int BATCH = 2000;
    static final int PAIRS = 200;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
        for (int i = 0; i < PAIRS / 10; i++) {           // warm-up: the JIT compiles both paths
            batch(subject, keys, new long[2]);
            batch(baseline, keys, new long[2]);
        }
        double[] wall = new double[PAIRS];
        double[] cpu = new double[PAIRS];
        double[] subjectWall = new double[PAIRS];
        double[] baselineWall = new double[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            long[] s = new long[2];
            long[] b = new long[2];
            if (i % 2 == 0) {
                batch(subject, keys, s);
                batch(baseline, keys, b);
            } else {
                batch(baseline, keys, b);
                batch(subject, keys, s);
            }
            wall[i] = (double) s[0] / b[0];
            cpu[i] = (double) s[1] / Math.max(1, b[1]);
            subjectWall[i] = s[0] / 1000.0 / BATCH;
            baselineWall[i] = b[0] / 1000.0 / BATCH;
        }
        return new Ratio(label, median(wall), median(cpu), median(subjectWall), median(baselineWall));
    }

    /** Reads {@value #BATCH} keys; puts the wall and CPU nanoseconds into {@code took}. */
    private static void batch(CacheFixture.Read read, List<Key> keys, long[] took) throws SQLException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        int found = 0;
        for (int i = 0; i < BATCH; i++) {
            found += read.read(keys.get(i % keys.size())).isPresent() ? 1 : 0;
        }
        took[0] = System.nanoTime() - wall;
        took[1] = THREADS.getCurrentThreadCpuTime() - cpu;
        if (found != BATCH) {
            throw new IllegalStateException("a batch found " + found + " of " + BATCH + " plans");
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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
