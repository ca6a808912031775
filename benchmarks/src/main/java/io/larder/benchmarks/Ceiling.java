package io.larder.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The server's limit: {@code redis-benchmark} SET and GET with the chat message's value size,
 * at the clients and pipeline depths the Java subjects use. Each Java measurement is compared to
 * the configuration that does the same work: {@code t} threads of single commands to
 * {@code -c t -P 1}, a batch of 1000 on one thread to {@code -c 1 -P 1000}.
 */
final class Ceiling {

    /**
     * One redis-benchmark configuration.
     *
     * @param clients {@code -c}
     * @param pipeline {@code -P}
     * @param requests {@code -n} in a full run
     */
    record Config(int clients, int pipeline, int requests) {
        String label() {
            return "-c " + clients + " -P " + pipeline;
        }
    }

    /**
     * What redis-benchmark reported for one command in one configuration.
     *
     * @param round the round, from 1
     * @param command SET or GET
     * @param config the configuration
     * @param rps requests per second
     * @param p50Millis median latency, or NaN when the tool does not report it
     * @param p99Millis 99th percentile latency, or NaN
     */
    record Result(int round, String command, Config config, double rps, double p50Millis, double p99Millis) {
    }

    static final List<Config> CONFIGS = List.of(
            new Config(1, 1, 40_000), new Config(8, 1, 150_000), new Config(64, 1, 200_000),
            new Config(64, 64, 2_000_000), new Config(1, 1000, 2_000_000));

    private Ceiling() {
    }

    /** {@code redis-benchmark} on the PATH, if there is one. */
    static Optional<Path> locate() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).map(dir -> Path.of(dir, "redis-benchmark"))
                .filter(Files::isExecutable).findFirst();
    }

    /** The configuration a step is compared to, if any. */
    static Optional<Config> matching(Step step) {
        if (step.workload().redisCommand() == null) {
            return Optional.empty();
        }
        if (step.workload().isBatch()) {
            return step.threads() == 1 ? Optional.of(CONFIGS.get(4)) : Optional.empty();
        }
        return CONFIGS.stream().filter(c -> c.pipeline() == 1 && c.clients() == step.threads()).findFirst();
    }

    /** Runs every configuration for SET and GET; {@code scale} divides the request counts (quick runs). */
    static List<Result> measure(Path tool, RedisTarget redis, int valueBytes, int round, int scale) {
        List<Result> results = new ArrayList<>();
        for (Config c : CONFIGS) {
            List<String> command = List.of(tool.toString(), "-h", redis.host(), "-p", Integer.toString(redis.port()),
                    "-t", "set,get", "-d", Integer.toString(valueBytes), "-r", Integer.toString(OperationBench.KEYS),
                    "-n", Integer.toString(Math.max(1000, c.requests() / scale)), "-c", Integer.toString(c.clients()),
                    "-P", Integer.toString(c.pipeline()), "--csv");
            for (String line : run(command)) {
                parse(line, round, c).ifPresent(results::add);
            }
        }
        return results;
    }

    private static List<String> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err.strip());
            }
            return new String(out, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running redis-benchmark", e);
        }
    }

    /** Reads {@code "SET","86206.90","0.304","0.072","0.295","0.447","0.559","1.295"} (Redis 7; 6.x has the first two). */
    private static Optional<Result> parse(String line, int round, Config c) {
        String[] f = line.replace("\"", "").split(",");
        if (f.length < 2 || !(f[0].equals("SET") || f[0].equals("GET"))) {
            return Optional.empty();
        }
        double rps = Double.parseDouble(f[1]);
        double p50 = f.length >= 8 ? Double.parseDouble(f[4]) : Double.NaN;
        double p99 = f.length >= 8 ? Double.parseDouble(f[6]) : Double.NaN;
        return Optional.of(new Result(round, f[0].toUpperCase(Locale.ROOT), c, rps, p50, p99));
    }

    /** The tool's version line. */
    static String version(Path tool) {
        try {
            List<String> out = run(List.of(tool.toString(), "--version"));
            return out.isEmpty() ? "unknown" : out.get(0).strip();
        } catch (IllegalStateException e) {
            return "unknown";
        }
    }
}
