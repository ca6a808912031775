package io.larder.benchmarks;

import io.larder.cli.serve.ServeSettings;
import io.larder.testkit.RedisBinary;
import io.larder.testkit.RedisStandalone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code benchmarks/run serve}: events stored per second through {@code larder serve}'s reverse
 * WebSocket on one connection, and each event's time from being sent to its acknowledgement.
 * Starts one Redis; each round starts an in-process server on each backend in turn (the order
 * rotated every round), connects one JDK WebSocket client over loopback, sends a warm-up corpus
 * and then the measured one, keeping the server's window full, and stops the server. Writes
 * {@code serve.md} into the output directory; exits 1 when a run failed.
 * Options: {@code --rounds N} (3), {@code --events N} (100000), {@code --warmup N} (20000),
 * {@code --out DIR} ({@code docs/benchmarks}), {@code --quick} (1 round of 20,000 after 5,000,
 * into {@code benchmarks/target/quick}).
 */
public final class ServeRun {
    /** Issue 19's target on one connection, events per second. */
    static final double TARGET = 20_000;

    /** One backend's figures in one round. */
    record Figure(int round, ServeTarget.Backend backend, SocketLoad.Phase phase) {
    }

    private ServeRun() {
    }

    /** Runs the rounds and writes the report; see the class comment for the options. */
    public static void main(String[] args) throws IOException {
        int rounds = 3;
        int events = 100_000;
        int warmup = 20_000;
        Path out = Path.of("docs", "benchmarks");
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                quick = true;
                rounds = 1;
                events = 20_000;
                warmup = 5_000;
                out = Path.of("benchmarks", "target", "quick");
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value; expected --rounds N, --events N, "
                        + "--warmup N, --out DIR, --quick");
            }
            String v = args[++i];
            switch (a) {
                case "--rounds" -> rounds = positive(a, v);
                case "--events" -> events = positive(a, v);
                case "--warmup" -> warmup = positive(a, v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "; expected --rounds N, --events N, "
                        + "--warmup N, --out DIR, --quick");
            }
        }
        Files.createDirectories(out);
        String command = "benchmarks/run serve" + (quick ? " --quick" : " --rounds " + rounds + " --events " + events
                + " --warmup " + warmup);
        String loadBefore = loadAverage();
        ServeCorpus corpus = ServeCorpus.generate(19, warmup + events, 1_000_000L);
        List<String> warm = corpus.events().subList(0, warmup);
        List<String> measured = corpus.events().subList(warmup, warmup + events);
        List<Figure> figures = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String redisVersion;
        try (RedisStandalone redis = RedisStandalone.start()) {
            redisVersion = redis.process().info("server").getOrDefault("redis_version", "?") + " ("
                    + RedisBinary.locate().origin() + ", no persistence)";
            ServeTarget.Backend[] all = ServeTarget.Backend.values();
            for (int round = 1; round <= rounds; round++) {
                for (int k = 0; k < all.length; k++) {
                    ServeTarget.Backend backend = all[(k + round - 1) % all.length];
                    try {
                        SocketLoad.Phase phase = runOnce(backend, redis, warm, measured);
                        figures.add(new Figure(round, backend, phase));
                        System.out.printf(Locale.ROOT, "[round %d] %-14s %,9.0f events/s  p50 %7.1f ms  p99 %7.1f ms  "
                                        + "max %7.1f ms%n", round, backend.id(), phase.perSecond(), phase.quantileMillis(0.50),
                                phase.quantileMillis(0.99), phase.quantileMillis(1.0));
                    } catch (RuntimeException e) {
                        String p = "round " + round + ", " + backend.id() + ": " + e;
                        problems.add(p);
                        System.out.println("FAILED " + p);
                    }
                }
            }
        }
        String report = report(figures, problems, command, rounds, events, warmup, corpus.meanLength(), redisVersion,
                loadBefore, loadAverage());
        Files.writeString(out.resolve("serve.md"), report, StandardCharsets.UTF_8);
        System.out.print(report);
        System.out.println("wrote " + out.resolve("serve.md"));
        if (!problems.isEmpty()) {
            System.exit(1);
        }
    }

    private static SocketLoad.Phase runOnce(ServeTarget.Backend backend, RedisStandalone redis, List<String> warm,
                                            List<String> measured) throws RuntimeException {
        try (ServeTarget target = ServeTarget.start(backend, redis)) {
            SocketLoad.Phase phase;
            try (SocketLoad client = SocketLoad.connect("127.0.0.1", target.port(), ServeSettings.DEFAULT_SOCKET_PATH,
                    ServeTarget.WINDOW)) {
                client.send(warm);
                phase = client.send(measured);
            }
            String summary = target.stop();
            long expected = warm.size() + measured.size();
            if (backend != ServeTarget.Backend.NO_STORE && !summary.contains(String.format(Locale.ROOT, "%,d stored", expected))) {
                throw new IllegalStateException("the server did not store " + expected + " events: " + summary);
            }
            if (backend == ServeTarget.Backend.REDIS_ARCHIVE) {
                String layout = redis.client().callString("GET", "larder:chat:layout");
                if (!"archive-v1".equals(layout)) {
                    throw new IllegalStateException("the chat store on Redis is not in the archive layout: " + layout);
                }
            }
            return phase;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the server on " + backend.id() + ": " + e.getMessage(), e);
        }
    }

    private static String report(List<Figure> figures, List<String> problems, String command, int rounds, int events,
                                 int warmup, long meanLength, String redisVersion, String loadBefore, String loadAfter) {
        Machine m = Machine.describe();
        StringBuilder md = new StringBuilder();
        md.append("# larder serve: events stored per second on one WebSocket\n\n");
        md.append("Issue 19's target: at least ").append(String.format(Locale.ROOT, "%,.0f", TARGET))
                .append(" events stored per second through the reverse WebSocket on one connection, on memory and on a"
                        + " Redis archive, and the p99 from receipt to acknowledgement.\n\n");
        md.append("One JDK `java.net.http.WebSocket` client connects over loopback with `?ack=1` to an in-process"
                + " `OneBotServer` (Jetty 12.1) on `larder serve`'s defaults (batches of ").append(ServeTarget.BATCH)
                .append(", flushed after ").append(ServeTarget.FLUSH_AFTER.toMillis()).append(" ms, window ")
                .append(String.format(Locale.ROOT, "%,d", ServeTarget.WINDOW)).append(") and sends pre-generated OneBot v11"
                        + " group messages (NapCat's shape, mean ").append(meanLength).append(" characters, every one new),"
                        + " one text frame each, keeping up to the window unacknowledged; every ack must say `stored`."
                        + " Each round starts a fresh server and store per backend, in an order rotated every round; on each"
                        + " connection ").append(String.format(Locale.ROOT, "%,d", warmup)).append(" events warm up, then ")
                .append(String.format(Locale.ROOT, "%,d", events)).append(" are measured. Events/s: measured events ÷ (last"
                        + " ack − first send). Latency: each frame from being handed to the client's socket to its ack"
                        + " arriving, so it includes the client's own queueing behind the window: an upper bound on"
                        + " receipt→ack at the server.\n\n");
        md.append("- `memory`: `larder serve` with no configuration: memory backend, snapshot and journal"
                + " (`durability: { disk: everysec }`) in a fresh data folder.\n");
        md.append("- `redis-archive`: one local Redis, the chat store in the archive layout (the chat archive's default"
                + " there; checked with `GET larder:chat:layout`).\n");
        md.append("- `no-store`: the same server and client with a sink that acknowledges at once: the ceiling of the"
                + " wire, Jetty, the JSON check and the client, for reading the others.\n\n");
        md.append("```\n").append(command).append("\n```\n\n");
        md.append("Machine: ").append(m.cores()).append(" cores, ").append(m.memory()).append(", ").append(m.cpu()).append(", ")
                .append(m.os()).append("; ").append(m.java()).append("; Redis ").append(redisVersion).append(". Load average"
                        + " (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append(". Client, server, storage and Redis share these cores; other work on the machine makes the figures"
                        + " noisy: compare rounds, not single numbers.\n\n");
        md.append("| round | backend | events/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            SocketLoad.Phase p = f.phase();
            md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %.1f | %.1f |%n", f.round(), f.backend().id(),
                    p.perSecond(), p.quantileMillis(0.50), p.quantileMillis(0.99), p.quantileMillis(1.0)));
        }
        md.append("\nPer backend over the rounds (events/s: the median round and the range; p99: the median round's):\n\n");
        md.append("| backend | median events/s | min–max events/s | p99 ms (median round) | target met in |\n"
                + "|---|---|---|---|---|\n");
        for (ServeTarget.Backend b : ServeTarget.Backend.values()) {
            List<Figure> mine = figures.stream().filter(f -> f.backend() == b)
                    .sorted((x, y) -> Double.compare(x.phase().perSecond(), y.phase().perSecond())).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Figure median = mine.get(mine.size() / 2);
            long met = mine.stream().filter(f -> f.phase().perSecond() >= TARGET).count();
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.1f | %s |%n", b.id(),
                    median.phase().perSecond(), mine.get(0).phase().perSecond(), mine.get(mine.size() - 1).phase().perSecond(),
                    median.phase().quantileMillis(0.99),
                    b == ServeTarget.Backend.NO_STORE ? "(reference)" : met + " of " + mine.size() + " rounds"));
        }
        if (!problems.isEmpty()) {
            md.append("\nFailed runs:\n\n");
            problems.forEach(p -> md.append("- ").append(p).append('\n'));
        }
        md.append("\nRun ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(".\n");
        return md.toString();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, got " + value, e);
        }
    }
}
