package io.larder.benchmarks;

import io.larder.testkit.RedisBinary;
import io.larder.testkit.RedisProcess;
import io.larder.testkit.RedisStandalone;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The rate-limit benchmark behind {@code benchmarks/run limiter}: starts one Redis, checks that
 * every limiter admits what its limits hold and denies the next request, runs rounds of
 * interleaved JMH steps (each in its own JVM; the peers of a workload back to back, their order
 * reversed every other round), counts round trips per decision, and writes
 * {@code docs/benchmarks/limiter.md} with the JMH JSON beside it. Exits non-zero when anything failed.
 */
public final class LimiterRun {
    /**
     * One workload: how many limits, how many threads, and many subjects or one hot one.
     *
     * @param limits 1 (per minute) or 3 (per minute, day and month)
     * @param threads threads deciding at once
     * @param subjects {@code many} or {@code hot}
     */
    record Cell(int limits, int threads, String subjects) {
        String label() {
            return limits + (limits == 1 ? " limit" : " limits") + ", " + threads + (threads == 1 ? " thread" : " threads") + ", "
                    + (subjects.equals("hot") ? "one hot subject" : "many subjects");
        }
    }

    /**
     * Decisions per second one step measured.
     *
     * @param round the round, from 1
     * @param cell the workload
     * @param peer the limiter
     * @param perSecond decisions per second
     */
    record Figure(int round, Cell cell, LimitPeer peer, double perSecond) {
    }

    /**
     * Round trips one limiter needs.
     *
     * @param peer the limiter
     * @param cell the workload the decisions were made in
     * @param cost round trips and server commands per decision
     */
    record Cost(LimitPeer peer, Cell cell, RoundTrips.PerDecision cost) {
    }

    private final boolean quick;
    private final int rounds;
    private final int iterationMillis;
    private final Path out;
    private final String command;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Cost> costs = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final long started = System.nanoTime();
    private @Nullable OutputFormat jmhOutput;     // set once run() starts

    private final List<LimitPeer> chosen;

    private LimiterRun(boolean quick, int rounds, int iterationMillis, Path out, String command, List<LimitPeer> chosen) {
        this.chosen = chosen;
        this.quick = quick;
        this.rounds = rounds;
        this.iterationMillis = iterationMillis;
        this.out = out;
        this.command = command;
    }

    /**
     * Runs with {@code --quick}, {@code --rounds N}, {@code --iteration-ms N}, {@code --out DIR} and
     * {@code --peers a,b} (some of the limiters, e.g. {@code larder-jedis,lua-floor-jedis}).
     */
    public static void main(String[] args) {
        boolean quick = false;
        Integer rounds = null;
        Integer iteration = null;
        Path out = null;
        List<LimitPeer> chosen = null;
        List<String> rest = new ArrayList<>(List.of(args));
        int code;
        try {
            while (!rest.isEmpty()) {
                String a = rest.remove(0);
                switch (a) {
                    case "--quick" -> quick = true;
                    case "--rounds" -> rounds = Integer.parseInt(rest.remove(0));
                    case "--iteration-ms" -> iteration = Integer.parseInt(rest.remove(0));
                    case "--out" -> out = Path.of(rest.remove(0));
                    case "--peers" -> chosen = Arrays.stream(rest.remove(0).split(",")).map(LimitPeer::of).toList();
                    default -> throw new IllegalArgumentException("unknown option '" + a
                            + "'; expected --quick, --rounds N, --iteration-ms N, --out DIR, --peers " + LimitPeer.ids());
                }
            }
            Path dir = out != null ? out : quick ? Path.of("benchmarks", "target", "quick-limiter") : Path.of("docs", "benchmarks");
            code = new LimiterRun(quick, rounds != null ? rounds : quick ? 1 : 2, iteration != null ? iteration : quick ? 300 : 1000,
                    dir, "benchmarks/run limiter" + (args.length == 0 ? "" : " " + String.join(" ", args)),
                    chosen != null ? chosen : quick ? List.of(LimitPeer.LARDER_JEDIS, LimitPeer.FLOOR_JEDIS)
                            : List.of(LimitPeer.values())).run();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            System.err.println("benchmarks: " + e.getMessage());
            code = 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("benchmarks: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private int run() throws IOException {
        Files.createDirectories(out);
        Path log = Path.of("benchmarks", "target", quick ? "quick-limiter-jmh.log" : "limiter-jmh.log");
        Files.createDirectories(log.toAbsolutePath().getParent());
        Machine machine = Machine.describe();
        String redisVersion;
        try (PrintStream jmhLog = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
             RedisStandalone server = RedisStandalone.start()) {
            jmhOutput = OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL);
            RedisTarget redis = new RedisTarget(server.host(), server.port());
            System.setProperty(RedisTarget.PROPERTY, redis.toString());
            redisVersion = server.process().info("server").getOrDefault("redis_version", "?") + " ("
                    + RedisBinary.locate().origin() + ")";
            say("redis " + redisVersion + " on " + redis + "; JMH log " + log);
            List<LimitPeer> peers = new ArrayList<>();
            for (LimitPeer p : chosen) {
                if (check(p, redis)) {
                    peers.add(p);
                }
            }
            List<Cell> cells = quick ? List.of(new Cell(3, 8, "hot"))
                    : List.of(new Cell(1, 1, "many"), new Cell(1, 1, "hot"), new Cell(1, 8, "many"), new Cell(1, 8, "hot"),
                            new Cell(3, 1, "many"), new Cell(3, 1, "hot"), new Cell(3, 8, "many"), new Cell(3, 8, "hot"));
            say(String.format(Locale.ROOT, "%d steps x %d round(s), about %d s", cells.size() * peers.size(), rounds,
                    cells.size() * peers.size() * rounds * ((quick ? 0 : 750 + 2L * iterationMillis) / 1000 + 4)));
            for (int round = 1; round <= rounds; round++) {
                runRound(round, cells, peers, redis);
            }
            for (LimitPeer p : peers) {
                countRoundTrips(p, redis, server.process());
            }
        }
        new LimiterReport(figures, costs, problems, rounds).write(out.resolve("limiter.md"), ZonedDateTime.now().withNano(0)
                + " with `" + command + "`", "each step one forked JVM, " + (quick ? "no" : "1 x 750 ms") + " warm-up and "
                + (quick ? 1 : 2) + " x " + iterationMillis + " ms measured (JMH throughput)", machine.cores() + " cores, "
                + machine.memory() + ", " + machine.cpu() + ", " + machine.os(), machine.java(), redisVersion);
        say(String.format(Locale.ROOT, "wrote %s/limiter.md in %d s; %d problem(s)", out,
                (System.nanoTime() - started) / 1_000_000_000L, problems.size()));
        problems.forEach(p -> System.out.println("FAILED: " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    /** Whether {@code peer} admits exactly what three limits of 3 hold, and denies the fourth request. */
    private boolean check(LimitPeer peer, RedisTarget redis) {
        try (LimitSubject limiter = peer.open(redis, 3, 3, "smoke-" + peer.id() + "-" + System.nanoTime())) {
            List<Boolean> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(limiter.tryAcquire("smoke"));
            }
            if (!answers.equals(List.of(true, true, true, false))) {
                problems.add(peer.id() + " answered " + answers + " to four requests against limits of 3");
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            problems.add(peer.id() + " failed its smoke check: " + e);
            return false;
        }
    }

    private void runRound(int round, List<Cell> cells, List<LimitPeer> peers, RedisTarget redis) throws IOException {
        List<RunResult> all = new ArrayList<>();
        for (Cell cell : cells) {
            List<LimitPeer> ordered = new ArrayList<>(peers);
            if (round % 2 == 0) {
                Collections.reverse(ordered);
            }
            for (LimitPeer peer : ordered) {
                ChainedOptionsBuilder options = new OptionsBuilder()
                        .include("^" + LimiterBench.class.getName().replace(".", "\\.") + "\\.decide$")
                        .param("subject", peer.id()).param("limits", Integer.toString(cell.limits()))
                        .param("subjects", cell.subjects()).threads(cell.threads()).forks(1)
                        .jvmArgsAppend("-Xmx1g", "-Xms1g", "-D" + RedisTarget.PROPERTY + "=" + redis)
                        .warmupIterations(quick ? 0 : 1).warmupTime(TimeValue.milliseconds(750))
                        .measurementIterations(quick ? 1 : 2).measurementTime(TimeValue.milliseconds(iterationMillis))
                        .shouldFailOnError(true);
                try {
                    Collection<RunResult> run = new Runner(options.build(), jmhOutput).run();
                    all.addAll(run);
                    for (RunResult r : run) {
                        double score = r.getPrimaryResult().getScore();
                        figures.add(new Figure(round, cell, peer, score));
                        say(String.format(Locale.ROOT, "[r%d] %-44s %-22s %,10.0f decisions/s", round, cell.label(), peer.id(), score));
                    }
                    if (run.isEmpty()) {
                        problems.add("round " + round + " " + cell.label() + " " + peer.id() + ": JMH ran nothing");
                    }
                } catch (RunnerException | RuntimeException e) {
                    problems.add("round " + round + " " + cell.label() + " " + peer.id() + ": " + e.getMessage());
                }
            }
        }
        try (PrintStream json = new PrintStream(out.resolve("limiter-jmh-round-" + round + ".json").toFile(), StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, json).writeOut(all);
        }
    }

    /** Round trips per decision on one thread over many subjects, and on eight threads over one hot subject. */
    private void countRoundTrips(LimitPeer peer, RedisTarget redis, RedisProcess server) {
        for (int limits : List.of(1, 3)) {
            for (Cell cell : List.of(new Cell(limits, 1, "many"), new Cell(limits, 8, "hot"))) {
                String namespace = "trips-" + peer.id() + "-" + limits + "-" + cell.subjects() + "-" + System.nanoTime();
                try (LimitSubject limiter = peer.open(redis, limits, LimiterBench.ADMIT_ALL, namespace)) {
                    int perThread = quick ? 100 : 500;
                    // the same subjects once before the count: connections made, scripts loaded, limits set
                    decide(limiter, cell, perThread);
                    RoundTrips.PerDecision cost = RoundTrips.count(server, perThread * cell.threads(),
                            () -> decide(limiter, cell, perThread));
                    costs.add(new Cost(peer, cell, cost));
                    say(String.format(Locale.ROOT, "round trips %-22s %-44s %.2f per decision, %.1f server commands",
                            peer.id(), cell.label(), cost.roundTrips(), cost.serverCommands()));
                } catch (RuntimeException e) {
                    problems.add("round trips of " + peer.id() + " (" + cell.label() + "): " + e);
                }
            }
        }
    }

    /** {@code perThread} decisions on each of the cell's threads: each on a subject of its own unless the cell is hot. */
    private static void decide(LimitSubject limiter, Cell cell, int perThread) {
        ExecutorService pool = Executors.newFixedThreadPool(cell.threads());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < cell.threads(); t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String who = cell.subjects().equals("hot") ? "hot" : "user-" + thread + "-" + i;
                        if (!limiter.tryAcquire(who)) {
                            throw new IllegalStateException("denied " + who);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void say(String line) {
        System.out.printf(Locale.ROOT, "[%3ds] %s%n", (System.nanoTime() - started) / 1_000_000_000L, line);
    }
}
