package io.larder.benchmarks;

import io.larder.testkit.RedisBinary;
import io.larder.testkit.RedisStandalone;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@link SessionsBench} in rounds on one Redis it starts: each round runs both subjects, each in
 * its own JVM, the order swapped every round so neither always runs first into a burst of CPU
 * steal; then writes {@code sessions.md} with each round's figures and ratio beside the pooled
 * ones. Arguments: {@code --rounds N} (3), {@code --iteration-ms N} (5000), {@code --out DIR}
 * ({@code docs/benchmarks}).
 */
public final class SessionsRun {
    private record Figure(int round, String subject, double meanMicros, double p50Micros, double p99Micros, long samples) {
    }

    private SessionsRun() {
    }

    /** Runs the rounds and writes the report; exits non-zero when JMH failed. */
    public static void main(String[] args) throws IOException, RunnerException {
        int rounds = 3;
        int iterationMillis = 5000;
        Path out = Path.of("docs/benchmarks");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--iteration-ms" -> iterationMillis = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--rounds N, --iteration-ms N, --out DIR)");
            }
        }
        Files.createDirectories(out);
        List<Figure> figures = new ArrayList<>();
        String redisVersion;
        ByteArrayOutputStream jmhLog = new ByteArrayOutputStream();
        try (RedisStandalone server = RedisStandalone.start();
             PrintStream log = new PrintStream(jmhLog, true, StandardCharsets.UTF_8)) {
            redisVersion = server.process().info("server").getOrDefault("redis_version", "?") + " ("
                    + RedisBinary.locate().origin() + ")";
            String target = server.host() + ":" + server.port();
            for (int round = 1; round <= rounds; round++) {
                List<String> order = round % 2 == 1 ? List.of(SessionsBench.FIND, SessionsBench.RAW)
                        : List.of(SessionsBench.RAW, SessionsBench.FIND);
                for (String subject : order) {
                    RunResult r = new Runner(new OptionsBuilder().include("^" + SessionsBench.class.getName().replace(".", "\\.")
                            + "\\.read$").param("subject", subject).forks(1).warmupIterations(1)
                            .warmupTime(TimeValue.milliseconds(iterationMillis)).measurementIterations(2)
                            .measurementTime(TimeValue.milliseconds(iterationMillis))
                            .jvmArgsAppend("-D" + RedisTarget.PROPERTY + "=" + target).shouldFailOnError(true).build(),
                            OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).runSingle();
                    var stats = r.getPrimaryResult().getStatistics();
                    Figure f = new Figure(round, subject, stats.getMean(), stats.getPercentile(50), stats.getPercentile(99),
                            stats.getN());
                    figures.add(f);
                    System.out.printf(Locale.ROOT, "[round %d] %-14s mean %7.1f µs  p50 %7.1f µs  p99 %7.1f µs  (%d samples)%n",
                            round, subject, f.meanMicros(), f.p50Micros(), f.p99Micros(), f.samples());
                }
            }
        }
        Path logFile = Path.of(System.getProperty("java.io.tmpdir"), "larder-sessions-jmh.log");
        Files.writeString(logFile, jmhLog.toString(StandardCharsets.UTF_8));
        System.out.println("JMH's own output: " + logFile);
        String report = report(figures, rounds, iterationMillis, redisVersion);
        Files.writeString(out.resolve("sessions.md"), report);
        System.out.print(report);
    }

    private static String report(List<Figure> figures, int rounds, int iterationMillis, String redisVersion) {
        Machine m = Machine.describe();
        StringBuilder md = new StringBuilder();
        md.append("# Sessions.find beside a raw Jedis GET\n\n");
        md.append("`Sessions.find(id)` (one `GETEX`, the session decoded from JSON, its expiry capped at 30 days after"
                + " sign-in) against a raw Jedis `GET` of the same stored bytes, nothing decoded; one thread, one local"
                + " Redis, each subject in its own JVM, the two interleaved over ").append(rounds)
                .append(" rounds (order swapped each round), JMH sample time, 1 warm-up and 2 measured iterations of ")
                .append(iterationMillis).append(" ms each.\n\n");
        md.append("```\njava -cp benchmarks/target/benchmarks.jar io.larder.benchmarks.SessionsRun --rounds ").append(rounds)
                .append(" --iteration-ms ").append(iterationMillis).append("\n```\n\n");
        md.append("Machine: ").append(m.cores()).append(" cores, ").append(m.memory()).append(", ").append(m.cpu())
                .append(", ").append(m.os()).append("; ").append(m.java()).append("; Redis ").append(redisVersion)
                .append(".\n\n");
        md.append("| round | subject | mean µs | p50 µs | p99 µs | samples |\n|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.1f | %d |%n", f.round(), f.subject(),
                    f.meanMicros(), f.p50Micros(), f.p99Micros(), f.samples()));
        }
        md.append("\nThroughput of `find` as a share of raw `GET`'s (raw mean ÷ find mean; the target is 0.8 or more):\n\n");
        md.append("| round | by mean | by p50 |\n|---|---|---|\n");
        double findMean = 0;
        double rawMean = 0;
        double findP50 = 0;
        double rawP50 = 0;
        for (int round = 1; round <= rounds; round++) {
            Figure find = figure(figures, round, SessionsBench.FIND);
            Figure raw = figure(figures, round, SessionsBench.RAW);
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f |%n", round, raw.meanMicros() / find.meanMicros(),
                    raw.p50Micros() / find.p50Micros()));
            findMean += find.meanMicros();
            rawMean += raw.meanMicros();
            findP50 += find.p50Micros();
            rawP50 += raw.p50Micros();
        }
        md.append(String.format(Locale.ROOT, "| pooled | %.2f | %.2f |%n", rawMean / findMean, rawP50 / findP50));
        return md.toString();
    }

    private static Figure figure(List<Figure> figures, int round, String subject) {
        return figures.stream().filter(f -> f.round() == round && f.subject().equals(subject)).findFirst().orElseThrow();
    }
}
