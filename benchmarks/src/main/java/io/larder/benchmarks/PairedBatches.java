package io.larder.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Two paths compared so that other processes' load cancels out: in one JVM, one thread alternates
 * a batch of each path, the order swapped every pair, and each pair gives a ratio of wall time and
 * a ratio of the thread's CPU time; the figure is the median ratio. A burst of CPU steal or a long
 * run queue falls on both batches of a pair alike, and CPU time leaves out the time the thread was
 * not running at all. Used by {@link CacheCost} and {@link WritePairs}.
 */
final class PairedBatches {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One batch of a path; it throws when the batch did not do what it should. */
    @FunctionalInterface
    interface Batch<E extends Exception> {
        void run() throws E;
    }

    /**
     * The medians of a comparison.
     *
     * @param wall the median ratio of wall time, subject ÷ baseline
     * @param cpu the median ratio of the thread's CPU time, subject ÷ baseline
     * @param subjectMicros the subject's median wall time per batch
     * @param baselineMicros the baseline's median wall time per batch
     */
    record Medians(double wall, double cpu, double subjectMicros, double baselineMicros) {
    }

    private PairedBatches() {
    }

    /** Runs {@code warmups} pairs unmeasured (the JIT compiles both paths), then {@code pairs} measured. */
    static <E extends Exception> Medians measure(Batch<E> subject, Batch<E> baseline, int warmups, int pairs) throws E {
        long[] ignored = new long[2];
        for (int i = 0; i < warmups; i++) {
            timed(subject, ignored);
            timed(baseline, ignored);
        }
        double[] wall = new double[pairs];
        double[] cpu = new double[pairs];
        double[] subjectWall = new double[pairs];
        double[] baselineWall = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            long[] s = new long[2];
            long[] b = new long[2];
            if (i % 2 == 0) {
                timed(subject, s);
                timed(baseline, b);
            } else {
                timed(baseline, b);
                timed(subject, s);
            }
            wall[i] = (double) s[0] / b[0];
            cpu[i] = (double) s[1] / Math.max(1, b[1]);
            subjectWall[i] = s[0] / 1000.0;
            baselineWall[i] = b[0] / 1000.0;
        }
        return new Medians(median(wall), median(cpu), median(subjectWall), median(baselineWall));
    }

    /** Runs one batch; puts its wall and CPU nanoseconds into {@code took}. */
    private static <E extends Exception> void timed(Batch<E> batch, long[] took) throws E {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        batch.run();
        took[0] = System.nanoTime() - wall;
        took[1] = THREADS.getCurrentThreadCpuTime() - cpu;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
