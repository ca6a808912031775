package io.larder.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.larder.spi.RecordCodec;
import io.larder.testkit.RedisBinary;
import io.larder.testkit.RedisStandalone;
import java.io.ByteArrayOutputStream;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
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
 * The whole benchmark run behind {@code benchmarks/run}: starts one Redis, checks every subject
 * works, measures the server's ceiling with redis-benchmark, then runs rounds of interleaved JMH
 * steps (each subject in its own JVM) and writes the JMH JSON, a Markdown report and a chart.
 * Exits non-zero when anything failed.
 */
public final class BenchmarkRun {
    /** Seconds a step spends outside its iterations: JVM start, connecting, writing its keys. */
    private static final int STEP_OVERHEAD_SECONDS = 3;

    private final RunSettings settings;
    private final Results results = new Results();
    private @Nullable PrintStream log;             // these three are set once run() starts
    private @Nullable OutputFormat jmhOutput;
    private @Nullable RedisTarget redis;
    private final long started = System.nanoTime();

    private BenchmarkRun(RunSettings settings) {
        this.settings = settings;
        results.rounds = settings.rounds();
    }

    /**
     * Runs with {@code --quick}, {@code --report-only}, {@code --rounds N}, {@code --partition N},
     * {@code --iteration-ms N}, {@code --out DIR}; or, with {@code --durability} first, only the cost
     * of waiting for a replica ({@link DurabilityRun}).
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--durability")) {
            DurabilityRun.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int code;
        try {
            code = new BenchmarkRun(RunSettings.parse(args)).run();
        } catch (IllegalArgumentException e) {
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
        System.setProperty("java.awt.headless", "true");
        if (settings.reportOnly()) {
            render(ResultFiles.read(settings.out()), RunInfo.load(settings.out()));
            say("rendered " + settings.out() + "/results.md and ratios.png again from the run's files");
            return 0;
        }
        Files.createDirectories(settings.out());
        Files.createDirectories(settings.log().toAbsolutePath().getParent());
        Machine machine = Machine.describe();
        Optional<Path> tool = Ceiling.locate();
        String toolVersion = tool.map(Ceiling::version).orElse("not available");
        String redisVersion;
        try (PrintStream jmhLog = new PrintStream(new FileOutputStream(settings.log().toFile()), true, StandardCharsets.UTF_8);
             RedisStandalone server = RedisStandalone.start()) {
            log = jmhLog;
            jmhOutput = OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL);
            redis = new RedisTarget(server.host(), server.port());
            System.setProperty(RedisTarget.PROPERTY, redis.toString());
            redisVersion = server.process().info("server").getOrDefault("redis_version", "?") + " (" + RedisBinary.locate().origin() + ")";
            say("redis " + redisVersion + " on " + redis + "; redis-benchmark: " + toolVersion + "; JMH log " + settings.log());

            Set<Subject> ready = checkSubjects();
            Plan plan = settings.quick() ? Plan.quick(ready::contains) : Plan.full(ready::contains);
            long perRound = plan.round(1).stream().mapToLong(step -> ((long) settings.warmups() * settings.warmupMillis(step.workload())
                    + (long) settings.iterations() * settings.iterationMillis(step.workload())) / 1000 + STEP_OVERHEAD_SECONDS).sum();
            say(String.format(Locale.ROOT, "%d steps x %d round(s), about %d s", plan.size(), settings.rounds(),
                    perRound * settings.rounds()));
            measureCodecs();
            int valueBytes = PlainJson.encode(ChatCorpus.message(ChatCorpus.group(0), 0)).length;
            for (int round = 1; round <= settings.rounds(); round++) {
                if (tool.isPresent()) {
                    results.ceilings.addAll(Ceiling.measure(tool.get(), redis, valueBytes, round, settings.quick() ? 40 : 1));
                }
                runRound(plan, round, server);
            }
            if (settings.importMessages() > 0) {
                measureImport(server);
            }
        }
        ResultFiles.writeCeilings(settings.out(), results.ceilings);
        ResultFiles.writeImports(settings.out(), results.imports);
        RunInfo info = new RunInfo(ZonedDateTime.now().withNano(0).toString(), settings.command(), settings.describe(),
                settings.quick(), machine.cores() + " cores, " + machine.memory() + ", " + machine.cpu() + ", " + machine.os(),
                machine.java(), redisVersion, toolVersion, "");
        info.save(settings.out());
        render(results, info);
        say(String.format(Locale.ROOT, "wrote %s/results.md, ratios.png and JMH JSON in %d s; %d problem(s)",
                settings.out(), (System.nanoTime() - started) / 1_000_000_000L, results.problems.size()));
        for (String p : results.problems) {
            System.out.println("FAILED: " + p);
        }
        return results.problems.isEmpty() ? 0 : 1;
    }

    private void render(Results figures, RunInfo info) {
        new Report(figures, info).write(settings.out().resolve("results.md"));
        new RatioChart(figures).write(settings.out().resolve("ratios.png"));
    }

    /** The subjects that work here; a subject whose adapter is built but does not work is a problem. */
    private Set<Subject> checkSubjects() {
        Set<Subject> ready = EnumSet.noneOf(Subject.class);
        List<String> skipped = new ArrayList<>();
        for (Subject s : Subject.values()) {
            if (s.needsReplica()) {
                continue; // this run's server has none: DurabilityRun measures these
            }
            try {
                SmokeCheck.check(s);
                ready.add(s);
            } catch (SubjectUnavailableException e) {
                Optional<String> adapter = adapterClass(s);
                if (adapter.isPresent() && BenchmarkRun.class.getClassLoader().getResource(adapter.get()) != null) {
                    results.problems.add(s.id() + ": its adapter is on the class path but " + e.getMessage()
                            + " (is it registered in META-INF/services?)");
                } else {
                    skipped.add(s.id());
                }
            } catch (RuntimeException e) {
                results.problems.add(s.id() + " failed its smoke check: " + e);
                e.printStackTrace(log);
            }
        }
        if (!skipped.isEmpty()) {
            String note = "not available here (adapter not built yet): " + String.join(", ", skipped);
            results.notes.add(note);
            say(note);
        }
        say("subjects checked: " + ready.size() + " work" + (results.problems.isEmpty() ? "" : ", " + results.problems.size() + " failed"));
        return ready;
    }

    private static Optional<String> adapterClass(Subject s) {
        if (!s.isLarder()) {
            return Optional.empty();
        }
        return Optional.of(s.usesRedis() ? "io/larder/redis/RedisBackend.class" : "io/larder/memory/MemoryBackend.class");
    }

    private void measureCodecs() throws IOException {
        List<String> encodings = settings.quick() ? List.of("json") : CodecChoice.ids();
        for (String id : encodings) {
            RecordCodec<ChatMessage> codec = CodecChoice.of(id).open();
            results.codecs.add(new Results.CodecFigure(id, codec.encode(ChatCorpus.message(ChatCorpus.group(0), 0)).length,
                    Double.NaN, Double.NaN));
        }
        ChainedOptionsBuilder options = iterations(new OptionsBuilder()
                .include("^" + CodecBench.class.getName().replace(".", "\\.") + "\\." + (settings.quick() ? "encode" : "(encode|decode)") + "$")
                .param("encoding", encodings.toArray(String[]::new)).forks(1), settings.warmupMillis(), settings.iterationMillis());
        Collection<RunResult> run = jmh(options, "codecs");
        writeJson(run, "jmh-codecs.json");
        for (RunResult r : run) {
            BenchmarkParams p = r.getParams();
            String encoding = p.getParam("encoding");
            boolean encode = p.getBenchmark().endsWith(".encode");
            double score = r.getPrimaryResult().getScore();
            results.codecs.replaceAll(c -> !c.encoding().equals(encoding) ? c
                    : new Results.CodecFigure(c.encoding(), c.bytes(), encode ? score : c.encodeNanos(), encode ? c.decodeNanos() : score));
        }
        say("codecs (encode/decode): " + results.codecs.stream().map(c -> String.format(Locale.ROOT, "%s %d B %s/%s ns",
                c.encoding(), c.bytes(), nanos(c.encodeNanos()), nanos(c.decodeNanos()))).toList());
    }

    /** A codec figure for the console: a quick run measures no decoding, shown as not measured, never as NaN. */
    private static String nanos(double x) {
        return Double.isNaN(x) ? "not measured" : String.format(Locale.ROOT, "%.0f", x);
    }

    /** Runs {@code plan}'s steps of {@code round}, each on an emptied {@code server}, so none works beside what the steps before it stored. */
    private void runRound(Plan plan, int round, RedisStandalone server) throws IOException {
        List<Step> steps = plan.round(round);
        List<RunResult> all = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            server.flushAll();
            List<String> jvm = new ArrayList<>(List.of(step.workload().needsLargeHeap() ? "-Xmx3g" : "-Xmx1g",
                    step.workload().needsLargeHeap() ? "-Xms3g" : "-Xms1g", "-D" + RedisTarget.PROPERTY + "=" + redis));
            jvm.addAll(step.workload().jvmFlags());
            ChainedOptionsBuilder options = iterations(new OptionsBuilder().include(step.workload().include())
                    .param("subject", step.subject().id()).threads(step.threads()).forks(1)
                    .jvmArgsAppend(jvm.toArray(String[]::new)), settings.warmupMillis(step.workload()),
                    settings.iterationMillis(step.workload()));
            if (step.workload() == Workload.LIST) {
                options.param("partition", Integer.toString(settings.partition()));
            } else if (step.workload().takesKeys()) {
                options.param("keys", Integer.toString(settings.quick() ? OperationBench.BATCH : OperationBench.KEYS));
            }
            Collection<RunResult> run = jmh(options, "round " + round + " " + step);
            all.addAll(run);
            for (RunResult r : run) {
                Result<?> primary = r.getPrimaryResult();
                Measurement m = new Measurement(round, step, primary.getScore(), primary.getStatistics().getPercentile(50),
                        primary.getStatistics().getPercentile(99), primary.getStatistics().getN());
                results.measurements.add(m);
                say(String.format(Locale.ROOT, "[r%d %2d/%d] %-28s %-20s %9s ops/s  p50 %8.1f µs  p99 %8.1f µs", round, i + 1,
                        steps.size(), step.cell(), step.subject().id(), Report.ops(OptionalDouble.of(m.throughput())),
                        m.p50Micros(), m.p99Micros()));
            }
        }
        writeJson(all, "jmh-round-" + round + ".json");
    }

    /**
     * Issue 17's end-to-end write, after the JMH rounds (it flushes the server): {@code larder import}
     * of a generated OneBot log ({@code --import-messages}, a million by default) beside its raw Jedis
     * floor, once a round, as {@code benchmarks/run import} measures it.
     */
    private void measureImport(RedisStandalone server) throws IOException {
        Path dir = Files.createTempDirectory("larder-import-bench");
        Path log = dir.resolve("onebot.jsonl");
        try {
            ImportRun.writeLog(log, settings.importMessages());
            say("import: " + settings.importMessages() + " messages, " + settings.rounds() + " round(s)");
            results.imports.addAll(ImportRun.measure(server, dir, log, settings.importMessages(), ImportRun.importDefaultBatch(),
                    settings.rounds(), results.problems));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private ChainedOptionsBuilder iterations(ChainedOptionsBuilder b, int warmupMillis, int iterationMillis) {
        return b.warmupIterations(settings.warmups()).warmupTime(TimeValue.milliseconds(Math.max(1, warmupMillis)))
                .measurementIterations(settings.iterations()).measurementTime(TimeValue.milliseconds(iterationMillis))
                .shouldFailOnError(true);
    }

    private Collection<RunResult> jmh(ChainedOptionsBuilder options, String what) {
        try {
            Collection<RunResult> run = new Runner(options.build(), jmhOutput).run();
            if (run.isEmpty()) {
                results.problems.add(what + ": JMH ran nothing (see " + settings.log() + ")");
            }
            return run;
        } catch (RunnerException | RuntimeException e) {
            results.problems.add(what + ": " + e.getMessage() + " (see " + settings.log() + ")");
            e.printStackTrace(log);
            return List.of();
        }
    }

    /**
     * Writes JMH's JSON without the raw sample histograms of sample-time results: percentiles stay,
     * and the file stays small enough to commit.
     */
    private void writeJson(Collection<RunResult> run, String name) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(run);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree(buffer.toByteArray());
        for (JsonNode result : tree) {
            dropHistogram(result.get("primaryMetric"));
            JsonNode secondary = result.get("secondaryMetrics");
            if (secondary != null) {
                secondary.forEach(BenchmarkRun::dropHistogram);
            }
        }
        json.writerWithDefaultPrettyPrinter().writeValue(settings.out().resolve(name).toFile(), tree);
    }

    private static void dropHistogram(JsonNode metric) {
        if (metric instanceof ObjectNode o) {
            o.remove("rawDataHistogram");
        }
    }

    private void say(String line) {
        System.out.printf(Locale.ROOT, "[%3ds] %s%n", (System.nanoTime() - started) / 1_000_000_000L, line);
    }
}
