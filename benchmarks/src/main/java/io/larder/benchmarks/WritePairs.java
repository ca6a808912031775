package io.larder.benchmarks;

import io.larder.testkit.RedisStandalone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code benchmarks/run pairs}: issue 17's ratios of batch writes to raw Jedis measured by
 * {@link PairedBatches}, which the machine's swings between JMH forks cannot skew. For each pair a
 * Larder subject and raw Jedis save the batches {@code OperationBench.saveAll} saves (1000 chat
 * messages of 100 groups, 5000 cycled, every record expiring in an hour), a batch of one then a
 * batch of the other in one thread, after warm-up pairs; a pair's figure is the median of raw
 * Jedis's time ÷ Larder's, the throughput ratio the targets name. Starts one Redis; writes
 * {@code write-pairs.md} into the output directory. Options: {@code --rounds N} (3),
 * {@code --pairs N} (1000 measured pairs a round), {@code --out DIR} ({@code docs/benchmarks}).
 */
public final class WritePairs {
    /** Pairs run unmeasured first: Larder's batch paths reach their steady speed after 6–10 s. */
    private static final int WARMUP_PAIRS = 1500;

    /** A Larder subject against raw Jedis, with issue 17's target for their throughput ratio. */
    private record Pair(String label, Subject larder, double target) {
    }

    /** One round's figures of a pair. */
    private record Figure(int round, Pair pair, double throughputRatio, double cpuRatio, double larderMicros, double rawMicros) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair("values layout (larder-jedis)", Subject.LARDER_JEDIS, 0.9),
            new Pair("records layout with a timeline (larder-jedis-timeline)", Subject.LARDER_JEDIS_TIMELINE, 0.6),
            new Pair("records layout with one index (larder-jedis-idx1)", Subject.LARDER_JEDIS_IDX1, 0.5));

    private WritePairs() {
    }

    /** Runs the pairs; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int pairs = 1000;
        Path out = Path.of("docs", "benchmarks");
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("option " + a + " needs a value; expected --rounds N, --pairs N, --out DIR");
            }
            switch (a) {
                case "--rounds" -> rounds = Integer.parseInt(rest.remove(0));
                case "--pairs" -> pairs = Integer.parseInt(rest.remove(0));
                case "--out" -> out = Path.of(rest.remove(0));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'; expected --rounds N, --pairs N, --out DIR");
            }
        }
        String command = String.join(" ", Stream.concat(Stream.of("benchmarks/run pairs"), Stream.of(args)).toList());
        String loadBefore = Machine.loadAverage();
        List<ChatMessage> messages = ChatCorpus.spread(5 * OperationBench.BATCH, OperationBench.GROUPS);
        List<Figure> figures = new ArrayList<>();
        String redisVersion;
        try (RedisStandalone server = RedisStandalone.start()) {
            RedisTarget redis = new RedisTarget(server.host(), server.port());
            System.setProperty(RedisTarget.PROPERTY, redis.toString());
            redisVersion = server.process().info("server").getOrDefault("redis_version", "?");
            say("redis " + redisVersion + " on " + redis + "; " + rounds + " rounds of " + PAIRS.size() + " pairs, "
                    + WARMUP_PAIRS + " warm-up and " + pairs + " measured pairs of batches each");
            for (int round = 1; round <= rounds; round++) {
                for (Pair pair : PAIRS) {
                    Figure f = measure(round, pair, pairs, messages);
                    figures.add(f);
                    say(String.format(Locale.ROOT, "[round %d] %-56s %.2f × raw Jedis (%.0f µs ÷ %.0f µs a batch; CPU %.2f)",
                            round, pair.label(), f.throughputRatio(), f.larderMicros(), f.rawMicros(), f.cpuRatio()));
                }
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("write-pairs.md"), report(command, rounds, pairs, redisVersion, loadBefore, figures),
                StandardCharsets.UTF_8);
        say("wrote " + out.resolve("write-pairs.md"));
    }

    private static Figure measure(int round, Pair pair, int pairs, List<ChatMessage> messages) {
        try (BenchSubject larder = pair.larder().open(); BenchSubject raw = Subject.RAW_JEDIS.open()) {
            int[] next = new int[2];
            PairedBatches.Medians m = PairedBatches.<RuntimeException>measure(() -> larder.saveAll(batch(messages, next, 0)),
                    () -> raw.saveAll(batch(messages, next, 1)), WARMUP_PAIRS, pairs);
            ChatMessage last = messages.get(messages.size() - 1);
            if (!last.equals(larder.load(MessageRef.of(last))) || !last.equals(raw.load(MessageRef.of(last)))) {
                throw new IllegalStateException(pair.label() + ": a saved message did not load back");
            }
            return new Figure(round, pair, 1 / m.wall(), m.cpu(), m.subjectMicros(), m.baselineMicros());
        }
    }

    /** The next batch of 1000 of one path ({@code which}), cycling over the messages. */
    private static List<ChatMessage> batch(List<ChatMessage> messages, int[] next, int which) {
        int from = next[which] * OperationBench.BATCH;
        next[which] = (next[which] + 1) % (messages.size() / OperationBench.BATCH);
        return messages.subList(from, from + OperationBench.BATCH);
    }

    private static String report(String command, int rounds, int pairs, String redisVersion, String loadBefore, List<Figure> figures) {
        Machine machine = Machine.describe();
        StringBuilder md = new StringBuilder("# Issue 17's batch writes, paired batch by batch\n\n");
        md.append("Run ").append(ZonedDateTime.now().withNano(0)).append(" with `").append(command).append("`. In one JVM,")
                .append(" one thread alternates a `saveAll` of 1000 chat messages on a Larder subject and on raw Jedis (a")
                .append(" pipeline of `SET … EX 3600`), the order swapped every pair, ").append(WARMUP_PAIRS)
                .append(" pairs of warm-up then ").append(pairs).append(" measured, over the 5000 messages of 100 groups")
                .append(" `OperationBench.saveAll` rewrites; every record expires in an hour, as in the issue's rows. A")
                .append(" round's figure is the median over its pairs of raw Jedis's wall time ÷ Larder's (a throughput")
                .append(" ratio: 0.9 means Larder writes 90% as many records a second); the CPU column is the same")
                .append(" median for the thread's CPU time, Larder's ÷ raw's. A stall of the machine falls on both batches")
                .append(" of a pair alike, which the full run's forks, minutes apart, cannot offer. What pairing cannot")
                .append(" cancel is a machine that takes the second core away for a whole round: raw Jedis needs it more")
                .append(" (its encoding runs beside the server's work, Larder's before it), so in such a round raw Jedis's")
                .append(" batches take much longer than usual and the ratio rises. Read the µs columns beside the ratios.\n\n");
        md.append("- Machine: ").append(machine.cores()).append(" cores, ").append(machine.memory()).append(", ")
                .append(machine.cpu()).append(", ").append(machine.os()).append("; Java ").append(machine.java())
                .append("; Redis ").append(redisVersion).append(" started by the run.\n");
        md.append("- Load average (1 / 5 / 15 min) when the run began: ").append(loadBefore).append("; when it ended: ")
                .append(Machine.loadAverage()).append(".\n\n");
        md.append("| Larder ÷ raw Jedis, `saveAll` x1000 |");
        for (int r = 1; r <= rounds; r++) {
            md.append(" round ").append(r).append(" |");
        }
        md.append(" median | target | met |\n|---|").append("---|".repeat(rounds)).append("---|---|---|\n");
        for (Pair p : PAIRS) {
            List<Figure> of = figures.stream().filter(f -> f.pair() == p).toList();
            md.append("| ").append(p.label()).append(" |");
            of.forEach(f -> md.append(String.format(Locale.ROOT, " %.2f |", f.throughputRatio())));
            double median = PairedBatches.median(of.stream().mapToDouble(Figure::throughputRatio).toArray());
            md.append(String.format(Locale.ROOT, " **%.2f** | %.2f | %s |\n", median, p.target(), median >= p.target() ? "yes" : "**no**"));
        }
        md.append("\nEvery round (median µs a batch of 1000):\n\n| round | pair | Larder µs | raw Jedis µs | throughput ratio | CPU ratio |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.2f | %.2f |\n", f.round(), f.pair().label(),
                    f.larderMicros(), f.rawMicros(), f.throughputRatio(), f.cpuRatio()));
        }
        return md.toString();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
