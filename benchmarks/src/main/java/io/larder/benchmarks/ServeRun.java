package io.larder.benchmarks;

import io.larder.chat.OneBotIngest;
import io.larder.cli.serve.ServeSettings;
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
import java.util.Map;

/**
 * {@code benchmarks/run serve}: events stored per second through {@code larder serve}'s reverse
 * WebSocket on one connection, and each event's time from being sent to its acknowledgement.
 * Starts one Redis; each round starts an in-process server on each backend in turn (the order
 * rotated every round), connects one JDK WebSocket client over loopback, sends a warm-up corpus
 * and then the measured one, keeping the server's window full, and stops the server. Writes
 * {@code serve.md} into the output directory; exits 1 when a run failed.
 * Options: {@code --rounds N} (3), {@code --events N} (100000), {@code --warmup N} (50000),
 * {@code --out DIR} ({@code docs/benchmarks}), {@code --only ID,ID} (every backend), {@code --quick} (1 round of 2,000 after 1,000,
 * into {@code benchmarks/target/quick}: a smoke check that the path works, its figures meaningless).
 */
public final class ServeRun {
    /** Issue 19's target on one connection, events per second. */
    static final double TARGET = 20_000;

    /** One backend's figures in one round. */
    record Figure(int round, ServeTarget.Backend backend, SocketLoad.Phase phase, double redisCpuMicrosPerEvent) {
        /** Events per second the CPU times allow on the machine's cores: see the report. */
        double ceiling() {
            int cores = Runtime.getRuntime().availableProcessors();
            double all = cores * 1e6 / (phase.cpuMicrosPerEvent() + redisCpuMicrosPerEvent);
            double writer = phase.cpuMicrosPerEvent(ThreadCpu.WRITER) > 0
                    ? Math.min(cores, OneBotIngest.DEFAULT_WRITERS) * 1e6 / phase.cpuMicrosPerEvent(ThreadCpu.WRITER)
                    : Double.MAX_VALUE;
            double redis = redisCpuMicrosPerEvent > 0 ? 1e6 / redisCpuMicrosPerEvent : Double.MAX_VALUE;
            return Math.min(all, Math.min(writer, redis));
        }
    }

    private ServeRun() {
    }

    /** Runs the rounds and writes the report; see the class comment for the options. */
    public static void main(String[] args) throws IOException {
        RunOptions o = RunOptions.parse(args, List.of("--rounds N", "--events N", "--warmup N", "--out DIR",
                "--only memory,redis-archive,no-store", "--batch N", "--window N"));
        boolean quick = o.quick();
        int rounds = o.positive("--rounds", quick ? 1 : 3);
        int events = o.positive("--events", quick ? 2_000 : 100_000);
        int warmup = o.positive("--warmup", quick ? 1_000 : 50_000);
        Path out = o.path("--out", quick ? Path.of("benchmarks", "target", "quick") : Path.of("docs", "benchmarks"));
        int batch = o.positive("--batch", ServeTarget.BATCH);
        int window = o.positive("--window", ServeTarget.WINDOW);
        String only = o.text("--only");
        List<ServeTarget.Backend> backends = only == null ? List.of(ServeTarget.Backend.values()) : ServeTarget.Backend.parse(only);
        Files.createDirectories(out);
        String command = "benchmarks/run serve" + (quick ? " --quick" : " --rounds " + rounds + " --events " + events
                + " --warmup " + warmup) + (backends.size() == ServeTarget.Backend.values().length ? ""
                : " --only " + String.join(",", backends.stream().map(ServeTarget.Backend::id).toList()))
                + (batch == ServeTarget.BATCH ? "" : " --batch " + batch) + (window == ServeTarget.WINDOW ? "" : " --window " + window);
        String loadBefore = Machine.loadAverage();
        ServeCorpus corpus = ServeCorpus.generate(19, warmup + events, 1_000_000L);
        List<String> warm = corpus.events().subList(0, warmup);
        List<String> measured = corpus.events().subList(warmup, warmup + events);
        List<Figure> figures = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String redisVersion;
        try (RedisStandalone redis = RedisStandalone.start()) {
            redisVersion = ServerTime.describe(redis);
            // round 0 warms the JVM (the JIT compiled for seconds into every backend's first run), its figures dropped
            for (int round = quick ? 1 : 0; round <= rounds; round++) {
                for (int k = 0; k < backends.size(); k++) {
                    ServeTarget.Backend backend = backends.get(Math.floorMod(k + round - 1, backends.size()));
                    try {
                        Figure f = runOnce(round, backend, redis, warm, measured, batch, window);
                        if (round > 0) {
                            figures.add(f);
                        }
                        SocketLoad.Phase phase = f.phase();
                        System.out.printf(Locale.ROOT, "[round %d%s] %-14s %,9.0f events/s  p50 %7.1f ms  p99 %7.1f ms  "
                                        + "max %7.1f ms  CPU µs/event %5.1f (client %4.1f, server I/O %4.1f, writer %4.1f, other %4.1f; "
                                        + "Redis %4.1f); ceiling %,.0f/s; GC %d ms, JIT %d ms%n", round, round == 0 ? ", JVM warm-up, dropped" : "",
                                backend.id(),
                                phase.perSecond(), phase.quantileMillis(0.50), phase.quantileMillis(0.99),
                                phase.quantileMillis(1.0), phase.cpuMicrosPerEvent(), phase.cpuMicrosPerEvent(ThreadCpu.CLIENT),
                                phase.cpuMicrosPerEvent(ThreadCpu.SERVER), phase.cpuMicrosPerEvent(ThreadCpu.WRITER),
                                phase.cpuMicrosPerEvent(ThreadCpu.OTHER), f.redisCpuMicrosPerEvent(), f.ceiling(), phase.gcMillis(),
                                phase.jitMillis());
                    } catch (RuntimeException e) {
                        String p = "round " + round + ", " + backend.id() + ": " + e;
                        problems.add(p);
                        System.out.println("FAILED " + p);
                    }
                }
            }
        }
        String report = report(figures, problems, command, rounds, events, warmup, batch, window, corpus.meanLength(),
                redisVersion, loadBefore, Machine.loadAverage());
        Files.writeString(out.resolve("serve.md"), report, StandardCharsets.UTF_8);
        System.out.print(report);
        System.out.println("wrote " + out.resolve("serve.md"));
        if (!problems.isEmpty()) {
            System.exit(1);
        }
    }

    private static Figure runOnce(int round, ServeTarget.Backend backend, RedisStandalone redis, List<String> warm,
                                  List<String> measured, int batch, int window) {
        try (ServeTarget target = ServeTarget.start(backend, redis, batch, window)) {
            SocketLoad.Phase phase;
            double redisCpu;
            try (SocketLoad client = SocketLoad.connect("127.0.0.1", target.port(), ServeSettings.DEFAULT_SOCKET_PATH,
                    window)) {
                client.send(warm);
                double before = ServerTime.cpuSeconds(redis);
                phase = client.send(measured);
                redisCpu = backend == ServeTarget.Backend.REDIS_ARCHIVE ? ServerTime.cpuSeconds(redis) - before : 0;
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
            return new Figure(round, backend, phase, redisCpu * 1e6 / phase.events());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the server on " + backend.id() + ": " + e.getMessage(), e);
        }
    }

    private static String report(List<Figure> figures, List<String> problems, String command, int rounds, int events,
                                 int warmup, int batch, int window, long meanLength, String redisVersion, String loadBefore, String loadAfter) {
        Machine m = Machine.describe();
        StringBuilder md = new StringBuilder();
        md.append("# larder serve: events stored per second on one WebSocket\n\n");
        md.append("Issue 19's target: at least ").append(String.format(Locale.ROOT, "%,.0f", TARGET))
                .append(" events stored per second through the reverse WebSocket on one connection, on memory and on a"
                        + " Redis archive, and the p99 from receipt to acknowledgement.\n\n");
        md.append("One JDK `java.net.http.WebSocket` client connects over loopback with `?ack=1` to an in-process"
                + " `OneBotServer` (Jetty 12.1) with batches of ").append(batch)
                .append(", flushed after ").append(ServeTarget.FLUSH_AFTER.toMillis()).append(" ms, window ")
                .append(String.format(Locale.ROOT, "%,d", window)).append(batch == ServeTarget.BATCH && window == ServeTarget.WINDOW
                        ? " (`larder serve`'s defaults)" : "").append(" and sends pre-generated OneBot v11"
                        + " group messages (NapCat's shape, mean ").append(meanLength).append(" characters, every one new),"
                        + " one text frame each, keeping up to the window unacknowledged; every ack must say `stored`."
                        + " Each round starts a fresh server and store per backend, in an order rotated every round")
                .append(command.contains("--quick") ? "" : ", after a round 0 whose figures are dropped (it warms the JVM's"
                        + " compilers)").append("; on each connection ").append(String.format(Locale.ROOT, "%,d", warmup)).append(" events warm up, then ")
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
        md.append("| round | backend | events/s | p50 ms | p99 ms | max ms | JVM CPU µs/event | client | server I/O | "
                + "ingest writer | GC, JIT, other | Redis CPU µs/event | CPU-bound ceiling, events/s | GC ms | JIT ms |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            SocketLoad.Phase p = f.phase();
            md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s "
                            + "| %,.0f | %d | %d |%n", f.round(), f.backend().id(), p.perSecond(), p.quantileMillis(0.50),
                    p.quantileMillis(0.99), p.quantileMillis(1.0), p.cpuMicrosPerEvent(), p.cpuMicrosPerEvent(ThreadCpu.CLIENT),
                    p.cpuMicrosPerEvent(ThreadCpu.SERVER), p.cpuMicrosPerEvent(ThreadCpu.WRITER),
                    p.cpuMicrosPerEvent(ThreadCpu.OTHER), f.backend() == ServeTarget.Backend.REDIS_ARCHIVE
                            ? String.format(Locale.ROOT, "%.1f", f.redisCpuMicrosPerEvent()) : "–", f.ceiling(), p.gcMillis(),
                    p.jitMillis()));
        }
        md.append("\nCPU µs/event: CPU time spent during the measured phase ÷ events, by thread role (`client`: the sending"
                + " thread and the JDK's WebSocket threads; `server I/O`: Jetty's pool, which reads frames, checks and parses"
                + " events and hands them over; `ingest writer`: the threads that store batches and complete their acks,"
                + " " + OneBotIngest.DEFAULT_WRITERS + " (each group's events go to one of them);"
                + " `GC, JIT, other`: the process's CPU time no live thread accounts for). Unlike events/s, these hardly depend"
                + " on what else the machine runs. CPU-bound ceiling: what the CPU times allow on the machine's cores if nothing else ran, the"
                + " least of the cores ÷ (JVM + Redis CPU per event), the writers' cores ÷ their CPU and 1 core ÷ Redis's"
                + " (one thread); it ignores waiting, so it is an upper bound, not a measurement. GC ms and JIT ms: what the"
                + " collectors and compilers report for the measured phase (wall time, several threads).\n");
        md.append("\nPer backend over the rounds (events/s: the median round and the range; p99: the median round's):\n\n");
        md.append("| backend | median events/s | min–max events/s | p99 ms (median round) | target met in | median CPU-bound ceiling |\n"
                + "|---|---|---|---|---|---|\n");
        for (ServeTarget.Backend b : ServeTarget.Backend.values()) {
            List<Figure> mine = figures.stream().filter(f -> f.backend() == b)
                    .sorted((x, y) -> Double.compare(x.phase().perSecond(), y.phase().perSecond())).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Figure median = mine.get(mine.size() / 2);
            long met = mine.stream().filter(f -> f.phase().perSecond() >= TARGET).count();
            double[] ceilings = mine.stream().mapToDouble(Figure::ceiling).sorted().toArray();
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.1f | %s | %,.0f |%n", b.id(),
                    median.phase().perSecond(), mine.get(0).phase().perSecond(), mine.get(mine.size() - 1).phase().perSecond(),
                    median.phase().quantileMillis(0.99),
                    b == ServeTarget.Backend.NO_STORE ? "(reference)" : met + " of " + mine.size() + " rounds",
                    ceilings[ceilings.length / 2]));
        }
        if (!problems.isEmpty()) {
            md.append("\nFailed runs:\n\n");
            problems.forEach(p -> md.append("- ").append(p).append('\n'));
        }
        md.append("\nRun ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(".\n");
        return md.toString();
    }


}
