package io.larder.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a run is sized: rounds, JMH iterations, the big group's size, the imported log's, where
 * results go. The full settings take about 25 minutes on 2 cores; {@code --quick} about a minute.
 *
 * @param quick whether this is the smoke-sized run CI uses
 * @param reportOnly whether to render the report again from the files of an earlier run in {@code out}
 * @param command the command line, for the report
 * @param rounds how many times every step runs, interleaved
 * @param warmups JMH warm-up iterations per step
 * @param warmupMillis length of each warm-up iteration
 * @param iterations JMH measured iterations per step
 * @param iterationMillis length of each measured iteration
 * @param partition messages in the group {@link ListBench} lists
 * @param importMessages events in the OneBot log the full run imports after its rounds (issue 17)
 * @param out where the report, JSON and chart go
 * @param log where JMH's own output goes
 */
record RunSettings(boolean quick, boolean reportOnly, String command, int rounds, int warmups, int warmupMillis, int iterations, int iterationMillis,
                   int partition, int importMessages, Path out, Path log) {

    /**
     * Parses {@code --quick}, {@code --report-only}, {@code --rounds N}, {@code --partition N}, {@code --iteration-ms N},
     * {@code --import-messages N}, {@code --out DIR}.
     */
    static RunSettings parse(String[] args) {
        boolean quick = false;
        boolean reportOnly = false;
        Integer rounds = null;
        Integer partition = null;
        Integer importMessages = null;
        Integer iterationMillis = null;
        Path out = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--quick" -> quick = true;
                case "--report-only" -> reportOnly = true;
                case "--rounds" -> rounds = positive(a, rest);
                case "--partition" -> partition = positive(a, rest);
                case "--iteration-ms" -> iterationMillis = positive(a, rest);
                case "--import-messages" -> importMessages = positive(a, rest);
                case "--out" -> out = Path.of(value(a, rest));
                default -> throw new IllegalArgumentException("unknown option '" + a
                        + "'; expected --quick, --report-only, --rounds N, --partition N, --iteration-ms N, --import-messages N, --out DIR");
            }
        }
        if (out == null) {
            out = quick ? Path.of("benchmarks", "target", "quick") : Path.of("docs", "benchmarks");
        }
        String command = String.join(" ", Stream.concat(Stream.of("benchmarks/run"),
                Stream.of(args)).toList());
        Path log = Path.of("benchmarks", "target", quick ? "quick-jmh.log" : "jmh.log");
        if (quick) {
            return new RunSettings(true, reportOnly, command, rounds == null ? 1 : rounds, 0, 0, 1, iterationMillis == null ? 300 : iterationMillis,
                    partition == null ? 10_000 : partition, 0, out, log);
        }
        return new RunSettings(false, reportOnly, command, rounds == null ? 2 : rounds, 1, 750, 2, iterationMillis == null ? 500 : iterationMillis,
                partition == null ? 1_000_000 : partition, importMessages == null ? 1_000_000 : importMessages, out, log);
    }

    private static int positive(String option, List<String> rest) {
        return RunOptions.wholeNumber(option, value(option, rest));
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    /**
     * Batches warm up at least this long, and measure at least {@link #BATCH_ITERATION_MILLIS} an iteration, in a full
     * run: a batch of 1000 keeps the client's CPU busy, and the JIT needs seconds to compile its encoding and
     * pipelining. After 750 ms raw Jedis ran at a third of its warm speed; after 3 s it is warm, but the records layout
     * is not: with a timeline it ran 13–14 µs a record in the 500 ms iterations after a 3 s warm-up and settles at about
     * 7 after 6–8 s (OperationBench, sample mode, 2026-12-07), so a 3 s warm-up compared a cold Larder to a warm raw Jedis.
     */
    static final int BATCH_WARMUP_MILLIS = 8000;
    static final int BATCH_ITERATION_MILLIS = 1000;
    /**
     * Appends warm up and measure longer still: the archive layout's client code (chunk building, split planning) reaches
     * its steady speed only after about 10 s of appends. With 3 s of warm-up its 500 ms iterations held about 30 batches
     * and ran 32–41 µs a message; with 10 s and 2 s iterations, 16–17 µs (AppendBench, larder-jedis-archive).
     */
    static final int APPEND_WARMUP_MILLIS = 10_000;
    static final int APPEND_ITERATION_MILLIS = 2000;

    /** The warm-up of one iteration of {@code w}'s steps. */
    int warmupMillis(Workload w) {
        return atLeast(w, warmupMillis, BATCH_WARMUP_MILLIS, APPEND_WARMUP_MILLIS);
    }

    /** The length of one measured iteration of {@code w}'s steps. */
    int iterationMillis(Workload w) {
        return atLeast(w, iterationMillis, BATCH_ITERATION_MILLIS, APPEND_ITERATION_MILLIS);
    }

    /** {@code millis}, raised in a full run to {@code append} for appends and to {@code batch} for other batches. */
    private int atLeast(Workload w, int millis, int batch, int append) {
        if (quick || !w.isBatch()) {
            return millis;
        }
        return Math.max(millis, w == Workload.APPEND ? append : batch);
    }

    /** The settings as a reader of the report needs them. */
    String describe() {
        return (quick ? "quick" : "full") + ": " + rounds + " round(s), each step one forked JVM with " + warmups + " x "
                + warmupMillis + " ms warm-up" + (quick ? "" : " (batches " + warmupMillis(Workload.SAVE_ALL) + " ms, appends "
                + warmupMillis(Workload.APPEND) + " ms)")
                + " and " + iterations + " x " + iterationMillis + " ms measured" + (quick ? "" : " (batches "
                + iterationMillis(Workload.SAVE_ALL) + " ms, appends " + iterationMillis(Workload.APPEND) + " ms)") + " (JMH sample time)"
                + ", listed group of " + partition + " messages" + (importMessages > 0 ? ", import of " + importMessages + " messages" : "");
    }
}
