package io.larder.benchmarks;

import io.larder.testkit.RedisStandalone;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code benchmarks/run cache}: what the cache-aside layer adds to a read, as ratios of mean read
 * times within one run. Starts one Redis; each {@link CacheBench} path runs in its own JVM, the two
 * paths of a pair back to back so a burst of CPU steal hits both, in an order that alternates
 * between rounds. Writes {@code cache.md} into the output directory; exits 1 when a step failed.
 * Then it measures the same pairs by alternating batches in one JVM ({@link CacheCost}), which
 * other processes' load cannot skew. Options: {@code --rounds N} (3), {@code --iteration-ms N}
 * (1000), {@code --out DIR} ({@code docs/benchmarks}), {@code --paired-only} (no JMH rounds).
 */
public final class CacheRun {
    /** The most a cached or degraded read may cost, as a multiple of the read it replaces. */
    static final double TARGET = 1.2;

    /** Two paths compared: {@code subject} costs {@code subject ÷ baseline} times the baseline's mean time. */
    record Pair(String label, String subject, String baseline, String backend, int threads) {
    }

    /** One path's figures in one round. */
    record Figure(int round, String path, String backend, int threads, double medianMicros, double meanMicros, double errorMicros) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("cache hit ÷ plain load, Redis (Jedis)", "hit", "load", "redis", 1),
            new Pair("cache hit ÷ plain load, Redis (Jedis)", "hit", "load", "redis", 8),
            new Pair("cache hit ÷ plain load, memory", "hit", "load", "memory", 1),
            new Pair("degraded read ÷ direct JDBC read (H2)", "degraded", "jdbc", "memory", 1),
            new Pair("degraded read ÷ direct JDBC read (H2)", "degraded", "jdbc", "memory", 8));

    private final int rounds;
    private final int iterationMillis;
    private final Path out;
    private final String command;
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private List<CacheCost.Ratio> paired = List.of();

    private CacheRun(int rounds, int iterationMillis, Path out, String command) {
        this.rounds = rounds;
        this.iterationMillis = iterationMillis;
        this.out = out;
        this.command = command;
    }

    /** Runs the pairs; see the class comment for the options. */
    public static void main(String[] args) throws IOException {
        int rounds = 3;
        int iterationMillis = 1000;
        Path out = Path.of("docs", "benchmarks");
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.remove("--paired-only")) {
            rounds = 0;
        }
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("option " + a + " needs a value; expected --rounds N, --iteration-ms N, --out DIR, --paired-only");
            }
            switch (a) {
                case "--rounds" -> rounds = Integer.parseInt(rest.remove(0));
                case "--iteration-ms" -> iterationMillis = Integer.parseInt(rest.remove(0));
                case "--out" -> out = Path.of(rest.remove(0));
                default -> throw new IllegalArgumentException("unknown option '" + a
                        + "'; expected --rounds N, --iteration-ms N, --out DIR");
            }
        }
        String command = String.join(" ", Stream.concat(Stream.of("benchmarks/run cache"),
                Stream.of(args)).toList());
        System.exit(new CacheRun(rounds, iterationMillis, out, command).run());
    }

    private int run() throws IOException {
        String loadBefore = Machine.loadAverage();
        Files.createDirectories(out);
        Path log = Path.of("benchmarks", "target", "cache-jmh.log");
        Files.createDirectories(log.toAbsolutePath().getParent());
        String redisVersion;
        try (PrintStream jmhLog = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
             RedisStandalone server = RedisStandalone.start()) {
            RedisTarget redis = new RedisTarget(server.host(), server.port());
            redisVersion = server.process().info("server").getOrDefault("redis_version", "?");
            say("redis " + redisVersion + " on " + redis + "; " + rounds + " rounds of " + PAIRS.size() + " pairs; JMH log " + log);
            for (int round = 1; round <= rounds; round++) {
                List<Pair> order = new ArrayList<>(PAIRS);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (Pair pair : order) {
                    List<String> paths = round % 2 == 1 ? List.of(pair.subject(), pair.baseline()) : List.of(pair.baseline(), pair.subject());
                    for (String path : paths) {
                        measure(round, path, pair.backend(), pair.threads(), redis, jmhLog);
                    }
                }
            }
            System.setProperty(RedisTarget.PROPERTY, redis.toString());
            say("paired batches in one JVM (" + CacheCost.PAIRS + " pairs of " + CacheCost.BATCH + " reads)");
            try {
                paired = CacheCost.all();
                paired.forEach(r -> say(String.format(Locale.ROOT, "%-40s wall %.2f  cpu %.2f  (%.2f / %.2f µs)", r.label(),
                        r.wall(), r.cpu(), r.subjectMicros(), r.baselineMicros())));
            } catch (SQLException | RuntimeException e) {
                problems.add("paired batches: " + e);
                e.printStackTrace(jmhLog);
            }
        }
        Machine machine = Machine.describe();
        Files.writeString(out.resolve("cache.md"), report(redisVersion, machine, loadBefore, Machine.loadAverage()), StandardCharsets.UTF_8);
        say("wrote " + out.resolve("cache.md") + "; " + problems.size() + " problem(s)");
        problems.forEach(p -> System.out.println("FAILED: " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    private void measure(int round, String path, String backend, int threads, RedisTarget redis, PrintStream jmhLog) {
        OptionsBuilder options = new OptionsBuilder();
        options.include("^" + CacheBench.class.getName().replace(".", "\\.") + "\\.read$")
                .param("path", path).param("backend", backend).threads(threads).forks(1)
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(iterationMillis))
                .measurementIterations(5).measurementTime(TimeValue.milliseconds(iterationMillis))
                .jvmArgsAppend("-Xms1g", "-Xmx1g", "-D" + RedisTarget.PROPERTY + "=" + redis).shouldFailOnError(true);
        String what = "round " + round + " " + path + " " + backend + " t=" + threads;
        try {
            Collection<RunResult> run = new Runner(options.build(), OutputFormatFactory.createFormatInstance(jmhLog,
                    VerboseMode.NORMAL)).run();
            if (run.isEmpty()) {
                problems.add(what + ": JMH ran nothing");
                return;
            }
            RunResult result = run.iterator().next();
            Result<?> r = result.getPrimaryResult();
            double[] iterations = result.getBenchmarkResults().stream()
                    .flatMap(b -> b.getIterationResults().stream()).mapToDouble(i -> i.getPrimaryResult().getScore()).sorted().toArray();
            double median = iterations.length == 0 ? r.getScore() : iterations.length % 2 == 1 ? iterations[iterations.length / 2]
                    : (iterations[iterations.length / 2 - 1] + iterations[iterations.length / 2]) / 2;
            Figure f = new Figure(round, path, backend, threads, median, r.getScore(), r.getScoreError());
            figures.add(f);
            say(String.format(Locale.ROOT, "[r%d] %-9s %-6s t=%d  median %8.2f µs  mean %8.2f ± %.2f µs", round, path, backend,
                    threads, f.medianMicros(), f.meanMicros(), f.errorMicros()));
        } catch (RunnerException | RuntimeException e) {
            problems.add(what + ": " + e.getMessage());
            e.printStackTrace(jmhLog);
        }
    }

    private double mean(int round, String path, Pair pair) {
        return figures.stream().filter(f -> (round == 0 || f.round() == round) && f.path().equals(path)
                        && f.backend().equals(pair.backend()) && f.threads() == pair.threads())
                .mapToDouble(Figure::medianMicros).average().orElse(Double.NaN);
    }

    /** The machine's load average over 1, 5 and 15 minutes: other processes compete for the cores. */

    private String report(String redisVersion, Machine machine, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# Cache-aside: what a cached and a degraded read cost\n\n");
        md.append("Run ").append(ZonedDateTime.now().withNano(0)).append(" with `").append(command).append("` (")
                .append(rounds).append(" rounds; per step 1 warm-up and 5 measured iterations of ").append(iterationMillis)
                .append(" ms). `CacheBench` reads 1000 plans of about 450 B by key, each path in its own JVM; the two paths")
                .append(" of a pair run back to back, in an order that alternates between rounds. A step's figure is the median")
                .append(" of its measured iterations (JMH average time per read), steadier than their mean when bursts of CPU")
                .append(" steal hit one iteration; a ratio is the first path's figure over the second's, so 1.10 means 10% slower;")
                .append(" pooled, the mean over rounds of each path's figure. The target is at most ")
                .append(String.format(Locale.ROOT, "%.1f", TARGET)).append(".\n\n");
        md.append("- `hit`: `CachedStore.get` of a cached plan; `load`: `Storage.load` of the same store (`layout: values`).\n");
        md.append("- `degraded`: `CachedStore.get` while the breaker is open (the cache's Larder is closed); `jdbc`: the")
                .append(" loader alone, a read of the same H2 row through the same per-thread prepared statement.\n");
        md.append("- Machine: ").append(machine.cores()).append(" cores, ").append(machine.memory()).append(", ")
                .append(machine.cpu()).append(", ").append(machine.os()).append("; Java ").append(machine.java())
                .append("; Redis ").append(redisVersion).append(" started by the run.\n");
        md.append("- Load average (1 / 5 / 15 min) when the run began: ").append(loadBefore).append("; when it ended: ")
                .append(loadAfter).append(" (on 2 cores; above 2, other processes competed for them).\n");
        problems.forEach(p -> md.append("- **Failed:** ").append(p).append('\n'));
        md.append("\n| ratio | threads |");
        for (int r = 1; r <= rounds; r++) {
            md.append(" round ").append(r).append(" |");
        }
        md.append(" pooled | within target |\n|---|---|");
        md.append("---|".repeat(rounds)).append("---|---|\n");
        for (Pair p : PAIRS) {
            md.append("| ").append(p.label()).append(" | ").append(p.threads()).append(" |");
            for (int r = 1; r <= rounds; r++) {
                md.append(String.format(Locale.ROOT, " %.2f |", mean(r, p.subject(), p) / mean(r, p.baseline(), p)));
            }
            double pooled = mean(0, p.subject(), p) / mean(0, p.baseline(), p);
            md.append(String.format(Locale.ROOT, " **%.2f** | %s |\n", pooled, pooled <= TARGET ? "yes" : "**no**"));
        }
        md.append("\nThe same comparisons with other processes' load cancelled out (`CacheCost`): in one JVM, one thread")
                .append(" alternates batches of ").append(CacheCost.BATCH).append(" reads of each path, ").append(CacheCost.PAIRS)
                .append(" pairs, the order swapped every pair; each pair gives a ratio of wall time and of the thread's CPU")
                .append(" time, and the figure is the median ratio. For Redis the CPU ratio is the stricter: what the cache")
                .append(" adds is CPU, while a plain read mostly waits for the server.\n\n")
                .append("| ratio | wall | CPU | µs per read (median batch) | within target |\n|---|---|---|---|---|\n");
        for (CacheCost.Ratio r : paired) {
            md.append(String.format(Locale.ROOT, "| %s | **%.2f** | %.2f | %.2f ÷ %.2f | %s |\n", r.label(), r.wall(), r.cpu(),
                    r.subjectMicros(), r.baselineMicros(), Math.max(r.wall(), r.cpu()) <= TARGET ? "yes" : "**no**"));
        }
        md.append("\nEvery figure (µs per read: the median iteration, and JMH's mean ± its 99.9% error):\n\n"
                + "| round | path | cache on | threads | median | mean |\n|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %.2f | %.2f ± %.2f |\n", f.round(), f.path(),
                    f.backend(), f.threads(), f.medianMicros(), f.meanMicros(), f.errorMicros()));
        }
        return md.toString();
    }

    private static void say(String line) {
        System.out.println("[cache] " + line);
    }
}
