package io.larder.benchmarks;

/**
 * One JMH run of the plan: a workload at a thread count for one subject, in one fresh JVM.
 *
 * @param workload what is measured
 * @param threads how many threads call the subject at once
 * @param subject who is measured
 */
record Step(Workload workload, int threads, Subject subject) {

    /** The same workload and threads for another subject. */
    Step with(Subject other) {
        return new Step(workload, threads, other);
    }

    /** The workload and thread count, e.g. {@code save t=8}. */
    String cell() {
        return workload.label() + " t=" + threads;
    }

    @Override
    public String toString() {
        return cell() + " " + subject.id();
    }
}
