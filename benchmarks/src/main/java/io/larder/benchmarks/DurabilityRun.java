package io.larder.benchmarks;

import io.larder.testkit.RedisBinary;
import io.larder.testkit.RedisStandalone;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * What waiting for a replica costs, behind {@code benchmarks/run --durability}: starts a master
 * with one replica, then measures a single save and a batch of 1000 on one thread through raw
 * Jedis, Larder on Jedis without a durability policy, and Larder on Jedis under Sentinel's and
 * Cluster's default ({@code WAIT 1}, {@code larder-jedis-wait}), each in its own JVM, interleaved
 * over {@value #ROUNDS} rounds; prints a table and writes it to {@code docs/benchmarks/durability.md}
 * (or the directory after {@code --out}). About two and a half minutes.
 */
final class DurabilityRun {
    private static final int ROUNDS = 2;
    private static final List<Subject> SUBJECTS = List.of(Subject.RAW_JEDIS, Subject.LARDER_JEDIS, Subject.LARDER_JEDIS_WAIT);
    private static final List<Workload> WORKLOADS = List.of(Workload.SAVE, Workload.SAVE_ALL);

    private DurabilityRun() {
    }

    /** Runs; {@code --out DIR} chooses where {@code durability.md} goes. */
    static void main(String[] args) {
        Path out = args.length == 2 && args[0].equals("--out") ? Path.of(args[1]) : Path.of("docs", "benchmarks");
        try {
            System.exit(run(out));
        } catch (IOException | RuntimeException e) {
            System.err.println("benchmarks --durability: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static int run(Path out) throws IOException {
        Files.createDirectories(out);
        Path log = Path.of("benchmarks", "target", "durability-jmh.log");
        Files.createDirectories(log.toAbsolutePath().getParent());
        // one figure per subject, workload and round: p50 and mean per record, in µs
        Map<String, List<double[]>> figures = new LinkedHashMap<>();
        String version;
        try (RedisStandalone master = RedisStandalone.start();
             RedisStandalone replica = RedisStandalone.builder().config("replicaof", master.host(), Integer.toString(master.port()))
                     .build();
             PrintStream jmhLog = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            awaitSync(replica);
            version = master.process().info("server").getOrDefault("redis_version", "?") + ", " + RedisBinary.locate().origin();
            String target = master.host() + ":" + master.port();
            System.setProperty(RedisTarget.PROPERTY, target);
            System.out.println("durability: master " + target + " with replica " + replica.address() + ", Redis " + version
                    + "; JMH log " + log);
            for (int round = 1; round <= ROUNDS; round++) {
                for (Workload w : WORKLOADS) {
                    for (Subject s : SUBJECTS) {
                        Result<?> r = measure(s, w, target, jmhLog);
                        double[] f = {r.getStatistics().getPercentile(50), r.getScore()};
                        figures.computeIfAbsent(w.label() + "|" + s.id(), k -> new ArrayList<>()).add(f);
                        System.out.printf(Locale.ROOT, "[r%d] %-14s %-18s p50 %8.2f µs  mean %8.2f µs per record%n", round,
                                w.label(), s.id(), f[0], f[1]);
                    }
                }
            }
        }
        String table = table(figures, version);
        System.out.println(table);
        Files.writeString(out.resolve("durability.md"), table, StandardCharsets.UTF_8);
        return 0;
    }

    private static Result<?> measure(Subject subject, Workload workload, String target, PrintStream log) {
        OptionsBuilder options = new OptionsBuilder();
        options.include(workload.include()).param("subject", subject.id()).param("keys", Integer.toString(OperationBench.KEYS))
                .threads(1).forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(2)).measurementIterations(2)
                .measurementTime(TimeValue.seconds(2)).shouldFailOnError(true)
                .jvmArgsAppend("-Xmx1g", "-Xms1g", "-D" + RedisTarget.PROPERTY + "=" + target);
        try {
            Collection<RunResult> run = new Runner(options.build(), OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL))
                    .run();
            if (run.isEmpty()) {
                throw new IllegalStateException(subject.id() + " " + workload.label() + ": JMH ran nothing");
            }
            return run.iterator().next().getPrimaryResult();
        } catch (RunnerException e) {
            throw new IllegalStateException(subject.id() + " " + workload.label() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Markdown table: per workload and subject, p50 and mean per call (a batch's are per batch),
     * and the p50's ratio to raw Jedis's in the same round (on a shared machine the mean follows the
     * neighbours' load more than the subject).
     */
    /** The rounds of {@code s} on {@code w}: run() measures every pair or stops before the table. */
    private static List<double[]> measured(Map<String, List<double[]>> figures, Workload w, Subject s) {
        List<double[]> f = figures.get(w.label() + "|" + s.id());
        if (f == null) {
            throw new IllegalStateException("no figures for " + s.id() + " " + w.label());
        }
        return f;
    }

    private static String table(Map<String, List<double[]>> figures, String version) {
        StringBuilder md = new StringBuilder();
        md.append("# The cost of waiting for a replica\n\n")
                .append("`benchmarks/run --durability`: one master and one replica on this machine (Redis ").append(version)
                .append("), one thread, each subject in its own JVM, ").append(ROUNDS).append(" interleaved rounds; p50 and mean")
                .append(" per call (for a batch, per batch of ").append(OperationBench.BATCH).append(" records), round 1 / round 2;")
                .append(" the ratio of p50s to raw Jedis's is taken within each round.\n\n")
                .append("| workload | subject | p50 | mean | p50 / raw Jedis |\n|---|---|---:|---:|---:|\n");
        for (Workload w : WORKLOADS) {
            double scale = w.isBatch() ? OperationBench.BATCH : 1;
            List<double[]> raw = measured(figures, w, Subject.RAW_JEDIS);
            for (Subject s : SUBJECTS) {
                List<double[]> f = measured(figures, w, s);
                StringBuilder p50 = new StringBuilder();
                StringBuilder mean = new StringBuilder();
                StringBuilder ratio = new StringBuilder();
                for (int round = 0; round < f.size(); round++) {
                    String sep = round == 0 ? "" : " / ";
                    p50.append(sep).append(micros(f.get(round)[0] * scale));
                    mean.append(sep).append(micros(f.get(round)[1] * scale));
                    ratio.append(sep).append(String.format(Locale.ROOT, "%.2f", f.get(round)[0] / raw.get(round)[0]));
                }
                md.append("| ").append(w.label()).append(" | ").append(s.id()).append(" | ").append(p50).append(" | ")
                        .append(mean).append(" | ").append(ratio).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String micros(double us) {
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000) : String.format(Locale.ROOT, "%.0f µs", us);
    }

    private static void awaitSync(RedisStandalone replica) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"up".equals(replica.process().info("replication").get("master_link_status"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(replica + " did not sync with its master within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted"));
            }
        }
    }
}
