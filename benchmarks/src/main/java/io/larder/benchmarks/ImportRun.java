package io.larder.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.cli.LarderCommand;
import io.larder.testkit.RedisStandalone;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

/**
 * {@code benchmarks/run import}: issue 17's end-to-end import, a generated OneBot v11 log (the
 * serve run's corpus: NapCat's shape, 8 groups of 40 members, every message new) imported by
 * {@code larder import} into a local Redis (the chat archive in the archive layout, in process,
 * the command's defaults), beside a raw Jedis floor that reads the same lines, takes each event's
 * group and id with Jackson and {@code SET}s the line as it is, 1000 to a pipeline. Subjects
 * alternate within each round on a flushed server. Per subject: events/s (wall time of the whole
 * command), Redis CPU per event ({@code INFO cpu}) and the commands that took the server's time
 * ({@code INFO commandstats}: calls and µs per event). Options: {@code --messages N} (1,000,000),
 * {@code --rounds N} (2), {@code --batch N} (the import's own default), {@code --out DIR}, {@code --quick}.
 */
public final class ImportRun {
    /** Issue 17's target for the import into a Redis archive. */
    static final double TARGET = 60_000;
    /** The subjects' names in figures and reports. */
    static final String LARDER = "larder import";
    static final String RAW = "raw Jedis";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PIPELINE = 1000;

    private ImportRun() {
    }

    /** What one subject did in one round. */
    record Figure(int round, String subject, long events, double seconds, double redisCpuMicros, Map<String, long[]> commands) {
        double perSecond() {
            return events / seconds;
        }
    }

    /** Runs the rounds and writes {@code import.md}; exits 1 when a subject failed or stored another count. */
    public static void main(String[] args) throws IOException {
        RunOptions o = RunOptions.parse(args, List.of("--messages N", "--rounds N", "--batch N", "--out DIR"));
        boolean quick = o.quick();
        int messages = o.positive("--messages", quick ? 20_000 : 1_000_000);
        int rounds = o.positive("--rounds", quick ? 1 : 2);
        int importDefault = importDefaultBatch();
        int batch = o.positive("--batch", importDefault);
        Path out = o.path("--out", quick ? Path.of("benchmarks", "target", "quick") : Path.of("docs", "benchmarks"));
        Files.createDirectories(out);
        String command = "benchmarks/run import" + (quick ? " --quick" : " --messages " + messages + " --rounds " + rounds)
                + (batch == importDefault ? "" : " --batch " + batch);
        Path dir = Files.createTempDirectory("larder-import-bench");
        Path log = dir.resolve("onebot.jsonl");
        long bytes = writeLog(log, messages);
        String loadBefore = Machine.loadAverage();
        List<String> problems = new ArrayList<>();
        List<Figure> figures;
        String redisVersion;
        try (RedisStandalone redis = RedisStandalone.start()) {
            redisVersion = ServerTime.describe(redis);
            figures = measure(redis, dir, log, messages, batch, rounds, problems);
        } finally {
            Files.deleteIfExists(log);
        }
        String report = report(figures, problems, command, messages, bytes, batch, redisVersion, loadBefore, Machine.loadAverage());
        Files.writeString(out.resolve("import.md"), report, StandardCharsets.UTF_8);
        System.out.print(report);
        System.out.println("wrote " + out.resolve("import.md"));
        if (!problems.isEmpty()) {
            System.exit(1);
        }
    }

    /** Writes the generated log of {@code messages} events to {@code log}; returns its size in bytes. */
    static long writeLog(Path log, int messages) throws IOException {
        return ServeCorpus.write(log, 17, messages, 1_000_000L);
    }

    /**
     * The rounds on {@code redis} (flushed before each subject): {@code larder import} of {@code log}
     * with data in {@code dir}, and the raw Jedis floor, alternating which goes first. A subject that
     * fails or stores another count is added to {@code problems} and left out of the figures.
     */
    static List<Figure> measure(RedisStandalone redis, Path dir, Path log, int messages, int batch, int rounds,
                                List<String> problems) throws IOException {
        List<Figure> figures = new ArrayList<>();
        Path config = dir.resolve("redis.yaml");
        Files.writeString(config, "larder:\n  backend: { type: redis, host: " + redis.host() + ", port: " + redis.port()
                + " }\n", StandardCharsets.UTF_8);
        for (int round = 1; round <= rounds; round++) {
            for (int k = 0; k < 2; k++) {
                boolean larder = (k + round) % 2 == 0;
                String subject = larder ? LARDER : RAW;
                try {
                    Figure f = larder ? importing(round, redis, log, config, batch, messages, dir) : raw(round, redis, log, messages);
                    figures.add(f);
                    System.out.printf(Locale.ROOT, "[round %d] %-14s %,9.0f events/s  Redis CPU %5.1f µs/event%n", round,
                            subject, f.perSecond(), f.redisCpuMicros());
                } catch (RuntimeException e) {
                    problems.add("import round " + round + ", " + subject + ": " + e.getMessage());
                    System.out.println("FAILED import round " + round + ", " + subject + ": " + e);
                }
            }
        }
        return figures;
    }

    /** The figures of {@code subject}, slowest first. */
    static List<Figure> of(List<Figure> figures, String subject) {
        return figures.stream().filter(f -> f.subject().equals(subject)).sorted(Comparator.comparingDouble(Figure::perSecond)).toList();
    }

    /** {@code f}'s rate over the raw Jedis floor's of the same round; empty when the floor did not run. */
    static OptionalDouble timesFloor(List<Figure> figures, Figure f) {
        return figures.stream().filter(g -> g.round() == f.round() && g.subject().equals(RAW))
                .mapToDouble(g -> f.perSecond() / g.perSecond()).findFirst();
    }

    /** The median rate of {@code sorted} (by rate): the middle one, or the mean of the middle two. */
    static double median(List<Figure> sorted) {
        int half = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(half).perSecond()
                : (sorted.get(half - 1).perSecond() + sorted.get(half).perSecond()) / 2;
    }

    /** {@code larder import}'s default {@code --batch}, as its command line declares it. */
    static int importDefaultBatch() {
        CommandLine importCommand = Objects.requireNonNull(LarderCommand.create().getSubcommands().get("import"), "no larder import");
        OptionSpec batch = Objects.requireNonNull(importCommand.getCommandSpec().findOption("--batch"), "larder import has no --batch");
        return Integer.parseInt(Objects.requireNonNull(batch.defaultValue(), "larder import declares no default --batch"));
    }

    private static Figure importing(int round, RedisStandalone redis, Path log, Path config, int batch, int messages, Path dir) {
        redis.flushAll();
        double cpu = ServerTime.cpuSeconds(redis);
        redis.process().call("CONFIG", "RESETSTAT");
        StringWriter said = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = LarderCommand.create().setOut(new PrintWriter(said)).setErr(new PrintWriter(err))
                .execute("import", log.toString(), "--config", config.toString(), "--data", dir.resolve("data").toString(),
                        "--batch", Integer.toString(batch));
        double seconds = (System.nanoTime() - start) / 1e9;
        Figure f = new Figure(round, LARDER, messages, seconds, (ServerTime.cpuSeconds(redis) - cpu) * 1e6 / messages,
                ServerTime.commands(redis));
        String expected = String.format(Locale.ROOT, "%,d new", messages);
        if (code != 0 || !said.toString().contains(expected)) {
            throw new IllegalStateException("larder import exited " + code + " without '" + expected + "': " + said + err);
        }
        if (!"archive-v1".equals(redis.client().callString("GET", "larder:chat:layout"))) {
            throw new IllegalStateException("the chat store on Redis is not in the archive layout");
        }
        return f;
    }

    private static Figure raw(int round, RedisStandalone redis, Path log, int messages) {
        redis.flushAll();
        double cpu = ServerTime.cpuSeconds(redis);
        redis.process().call("CONFIG", "RESETSTAT");
        long start = System.nanoTime();
        long stored = 0;
        try (RedisClient client = RedisClient.builder().hostAndPort(redis.host(), redis.port()).build();
             BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            AbstractPipeline p = client.pipelined();
            int queued = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode event = JSON.readTree(line);
                p.set("raw:{" + event.path("group_id").asText() + "}:" + event.path("message_id").asText(), line);
                if (++queued == PIPELINE) {
                    p.sync();
                    stored += queued;
                    queued = 0;
                }
            }
            p.sync();
            p.close();
            stored += queued;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (stored != messages || redis.client().callLong("DBSIZE") != messages) {
            throw new IllegalStateException("raw Jedis stored " + stored + " of " + messages);
        }
        return new Figure(round, RAW, messages, seconds, (ServerTime.cpuSeconds(redis) - cpu) * 1e6 / messages,
                ServerTime.commands(redis));
    }

    private static String report(List<Figure> figures, List<String> problems, String command, int messages, long bytes, int batch,
                                 String redisVersion, String loadBefore, String loadAfter) {
        Machine m = Machine.describe();
        StringBuilder md = new StringBuilder("# larder import into a Redis archive, end to end\n\n");
        md.append(String.format(Locale.ROOT, "Issue 17's target: `larder import` of a generated 1M-message OneBot log into a Redis"
                + " archive at %,.0f events/s or more, end to end.%n%n", TARGET));
        md.append(String.format(Locale.ROOT, "The log: %,d OneBot v11 group messages as NapCat sends them (the serve run's corpus:"
                + " 8 groups of 40 members, everyday Chinese, segment arrays and CQ strings, every message new), %,d bytes."
                + " `larder import` runs in process with its defaults (batches of %d) against one local Redis; the chat"
                + " archive takes the archive layout there (checked). Raw Jedis, the floor: the same lines read, each"
                + " event's group and id taken with Jackson, each line `SET` as it is under `raw:{group}:id`, %d to a"
                + " pipeline: no conversion, no compression, no index, no duplicate check. The subjects alternate within"
                + " each round on a flushed server. Events/s: events ÷ the command's wall time (reading, parsing, storing,"
                + " counting). Redis µs/event: the server's CPU time (`INFO cpu`) ÷ events; the commands below are `INFO"
                + " commandstats`, reset before each subject.%n%n", messages, bytes, batch, PIPELINE));
        md.append("```\n").append(command).append("\n```\n\n");
        md.append("Machine: ").append(m.cores()).append(" cores, ").append(m.memory()).append(", ").append(m.cpu()).append(", ")
                .append(m.os()).append("; ").append(m.java()).append("; Redis ").append(redisVersion)
                .append(". Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append(". The importer and Redis share these cores.\n\n");
        md.append("| round | subject | events/s | × raw Jedis (same round) | seconds | Redis CPU µs/event | commands/event | "
                + "top commands by server time (µs/event, calls/event) |\n|---|---|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            OptionalDouble times = timesFloor(figures, f);
            long calls = f.commands().values().stream().mapToLong(c -> c[0]).sum();
            StringBuilder top = new StringBuilder();
            f.commands().entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1])
                    .reversed()).filter(e -> e.getValue()[1] * 20 >= f.events()).limit(4).forEach(e -> top.append(top.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "`%s` %.1f (%.2f)", e.getKey(), (double) e.getValue()[1] / f.events(), (double) e.getValue()[0] / f.events())));
            md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %s | %.1f | %.1f | %.2f | %s |%n", f.round(), f.subject(),
                    f.perSecond(), times.isPresent() ? String.format(Locale.ROOT, "%.2f", times.getAsDouble()) : "–",
                    f.seconds(), f.redisCpuMicros(), (double) calls / f.events(), top));
        }
        List<Figure> larder = of(figures, LARDER);
        if (!larder.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%n`larder import`: median %,.0f events/s over %d round(s); the target (%,.0f) met in"
                            + " %d of them.%n", median(larder), larder.size(), TARGET,
                    larder.stream().filter(f -> f.perSecond() >= TARGET).count()));
        }
        if (!problems.isEmpty()) {
            md.append("\nFailed runs:\n\n");
            problems.forEach(p -> md.append("- ").append(p).append('\n'));
        }
        md.append("\nRun ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(".\n");
        return md.toString();
    }
}
