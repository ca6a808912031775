package io.larder.benchmarks;

/**
 * What one step measured in one round.
 *
 * @param round the round, from 1
 * @param step what ran
 * @param meanMicros mean time per operation (per record in a batch)
 * @param p50Micros median time per operation
 * @param p99Micros 99th percentile time per operation
 * @param samples how many timings JMH sampled
 */
record Measurement(int round, Step step, double meanMicros, double p50Micros, double p99Micros, long samples) {

    /** Operations (records, for a batch) per second over all threads. */
    double throughput() {
        return step.threads() * 1_000_000.0 / meanMicros;
    }
}
