package io.larder.benchmarks;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a step of the run measures: one benchmark method. */
enum Workload {
    SAVE("save", OperationBench.class, "save", false),
    LOAD("load", OperationBench.class, "load", false),
    SAVE_ALL("saveAll x1000", OperationBench.class, "saveAll", true),
    /**
     * The same batches never expiring (a store's default), in a JVM run with {@code -Dlarder.bench.lasting=true}:
     * Larder writes them as {@code MSET}s, the raw drivers as plain {@code SET}s; the peers are left out (they keep their expiry).
     */
    SAVE_ALL_LASTING("saveAll x1000, never expiring", OperationBench.class, "saveAllLasting", true),
    LOAD_ALL("loadAll x1000", OperationBench.class, "loadAll", true),
    LIST("list 100 of a big group", ListBench.class, "list", false),
    /** New messages of one group, 1000 a call ({@link AppendBench}): what an importer writes. */
    APPEND("append x1000 of one group", AppendBench.class, "append", true);

    private final String label;
    private final Class<?> benchmark;
    private final String method;
    private final boolean batch;

    Workload(String label, Class<?> benchmark, String method, boolean batch) {
        this.label = label;
        this.benchmark = benchmark;
        this.method = method;
        this.batch = batch;
    }

    String label() {
        return label;
    }

    /** The JMH include pattern that selects exactly this method. */
    String include() {
        return "^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$";
    }

    String method() {
        return method;
    }

    /** Whether one operation is one record of a batch of {@value OperationBench#BATCH}. */
    boolean isBatch() {
        return batch;
    }

    /** The Redis command redis-benchmark measures for the same work, or {@code null}. */
    @Nullable String redisCommand() {
        return switch (this) {
            case SAVE, SAVE_ALL, SAVE_ALL_LASTING -> "SET";
            case LOAD, LOAD_ALL -> "GET";
            case LIST, APPEND -> null;
        };
    }

    /** Whether the benchmark is {@link OperationBench}, which takes the {@code keys} parameter. */
    boolean takesKeys() {
        return benchmark == OperationBench.class;
    }

    /** The JVM flags of this workload's forks beyond the heap and the Redis address: none, or the switch that makes every subject's writes lasting. */
    List<String> jvmFlags() {
        return this == SAVE_ALL_LASTING ? List.of("-D" + RawKeys.LASTING_PROPERTY + "=true") : List.of();
    }

    /** Whether {@link BenchmarkRun} runs the JVM with the larger heap the big group needs. */
    boolean needsLargeHeap() {
        return this == LIST;
    }
}
