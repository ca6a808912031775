package io.larder.benchmarks;

import io.larder.redis.RedisSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Writes the Markdown report of a run: ratios first, then every figure they come from. */
final class Report {
    /** Single operations of Larder reach at least this share of the raw driver's throughput. */
    static final double SINGLE_TARGET = 0.9;
    /** Batches of Larder reach at least this share of the raw driver's pipelined throughput. */
    static final double BATCH_TARGET = 0.8;
    /** Issue 17's goals for {@code saveAll} x1000 beside raw Jedis: the records layout with a timeline, with one index, the values layout. */
    private static final double TIMELINE_GOAL = 0.6;
    private static final double INDEX_GOAL = 0.5;
    private static final double VALUES_GOAL = 0.9;
    /** Issue 17's goal for the values layout's {@code saveAll} x1000 beside the server's ceiling. */
    private static final double CEILING_GOAL = 0.5;

    private final Results results;
    private final RunInfo info;
    private final StringBuilder md = new StringBuilder();

    Report(Results results, RunInfo info) {
        this.results = results;
        this.info = info;
    }

    /** The driver Larder's configuration uses when none is named. */
    static Subject configuredDefault() {
        return RedisSettings.defaults().client() == RedisSettings.Client.JEDIS ? Subject.LARDER_JEDIS : Subject.LARDER_LETTUCE;
    }

    void write(Path file) {
        header();
        larderVersusRaw();
        writes();
        indexCost();
        peers();
        defaultDriver();
        targets();
        ceilingTable();
        codecs();
        allFigures();
        try {
            Files.writeString(file, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void header() {
        line("# Larder benchmarks");
        line("");
        line("Run " + info.date() + " with `" + info.command() + "` (" + info.settings() + ").");
        line("Every subject stores the same chat message (" + ChatCorpus.message(ChatCorpus.group(0), 0).text().codePointCount(0,
                ChatCorpus.message(ChatCorpus.group(0), 0).text().length()) + " characters of mostly Chinese text, "
                + PlainJson.encode(ChatCorpus.message(ChatCorpus.group(0), 0)).length + " B of JSON) with a one-hour expiry "
                + "(Larder `Expiry.absolute(1h)`, raw `SET … EX 3600`; the \"never expiring\" rows none) in one local Redis "
                + "the run starts itself and empties before each step. "
                + "Throughput is threads ÷ mean sampled time; a batch counts its 1000 records. Ratios are of throughput; "
                + "pooled figures are means over rounds, and each round's ratio is shown beside them.");
        line("");
        line("- Machine: " + info.machine());
        line("- Java: " + info.java());
        line("- Redis: " + info.redis() + "; redis-benchmark: " + info.tool());
        line("- Larder: default store settings (JSON, LZ4 from 512 B, up to " + LarderSubject.DEFAULTS.maxPipeline()
                + " records per pipeline); the plain subjects use a `layout: values` store (one `SET`/`GET` per record), Jedis pool " + RawJedisSubject.POOL + " for Larder and raw Jedis alike");
        if (!info.note().isBlank()) {
            line("- **Conditions:** " + info.note());
        }
        for (String note : results.notes) {
            line("- Note: " + note);
        }
        for (String problem : results.problems) {
            line("- **Failed:** " + problem);
        }
        line("");
        line("![Larder ÷ raw driver and ÷ server ceiling](ratios.png)");
        line("");
        line("Issue 17's writes (records-layout batches, appends to the archive layout, `larder import` end to end) are "
                + "[in this run](#issue-17-writes-at-the-speed-of-the-wire); the profiles behind them and their history are in "
                + "[writes.md](writes.md) and [import.md](import.md).");
        line("");
    }

    private void larderVersusRaw() {
        line("## Larder ÷ the raw driver it runs on");
        line("");
        line("Targets: single operations ≥ " + SINGLE_TARGET + ", batches ≥ " + BATCH_TARGET + " of the raw driver's pipelined batch.");
        line("");
        line("Throughput ratio pooled, then per round; \"by p50\": the raw driver's median time per operation over "
                + "Larder's, which a stall of the machine moves less than the mean.");
        line("");
        line("| workload | larder-lettuce ÷ raw-lettuce | per round | by p50 | larder-jedis ÷ raw-jedis | per round | by p50 "
                + "| spring-lettuce ÷ raw-lettuce |");
        line("|---|---|---|---|---|---|---|---|");
        for (Step cell : results.cells()) {
            if (!results.comparesToRaw(cell)) {
                continue;
            }
            line("| " + cell.cell() + " | " + ratio(cell, Subject.LARDER_LETTUCE, Subject.RAW_LETTUCE) + " | "
                    + rounds(cell, Subject.LARDER_LETTUCE, Subject.RAW_LETTUCE) + " | "
                    + fmtOpt(results.ratioByMedian(cell, Subject.LARDER_LETTUCE, Subject.RAW_LETTUCE)) + " | "
                    + ratio(cell, Subject.LARDER_JEDIS, Subject.RAW_JEDIS) + " | "
                    + rounds(cell, Subject.LARDER_JEDIS, Subject.RAW_JEDIS) + " | "
                    + fmtOpt(results.ratioByMedian(cell, Subject.LARDER_JEDIS, Subject.RAW_JEDIS)) + " | "
                    + ratio(cell, Subject.SPRING_LETTUCE, Subject.RAW_LETTUCE) + " |");
        }
        line("");
    }

    /**
     * One of issue 17's write targets as this run measured it.
     *
     * @param what what is measured, against what
     * @param value the pooled figure, empty when not measured
     * @param perRound the figure of each round, formatted
     * @param goal the target: the figure must reach it
     */
    private record WriteCheck(String what, OptionalDouble value, String perRound, double goal) {
        boolean met() {
            return value.isPresent() && value.getAsDouble() >= goal;
        }
    }

    /** Issue 17's write targets, in the order. */
    private List<WriteCheck> writeChecks() {
        Step saveAll = new Step(Workload.SAVE_ALL, 1, Subject.RAW_JEDIS);
        Step append = new Step(Workload.APPEND, 1, Subject.LARDER_JEDIS_ARCHIVE);
        List<ImportRun.Figure> imports = ImportRun.of(results.imports, ImportRun.LARDER);
        return List.of(
                new WriteCheck("records layout `saveAll` x1000 with a timeline (larder-jedis-timeline) ÷ raw-jedis",
                        results.ratio(saveAll, Subject.LARDER_JEDIS_TIMELINE, Subject.RAW_JEDIS),
                        rounds(saveAll, Subject.LARDER_JEDIS_TIMELINE, Subject.RAW_JEDIS), TIMELINE_GOAL),
                new WriteCheck("records layout `saveAll` x1000 with one index (larder-jedis-idx1) ÷ raw-jedis",
                        results.ratio(saveAll, Subject.LARDER_JEDIS_IDX1, Subject.RAW_JEDIS),
                        rounds(saveAll, Subject.LARDER_JEDIS_IDX1, Subject.RAW_JEDIS), INDEX_GOAL),
                new WriteCheck("values layout `saveAll` x1000 (larder-jedis) ÷ raw-jedis",
                        results.ratio(saveAll, Subject.LARDER_JEDIS, Subject.RAW_JEDIS),
                        rounds(saveAll, Subject.LARDER_JEDIS, Subject.RAW_JEDIS), VALUES_GOAL),
                new WriteCheck("values layout `saveAll` x1000 (larder-jedis) ÷ `redis-benchmark -c 1 -P 1000` SET",
                        results.ofCeiling(saveAll.with(Subject.LARDER_JEDIS)),
                        joined(results.ofCeilingPerRound(saveAll.with(Subject.LARDER_JEDIS)).stream().map(Report::fmt).toList()), CEILING_GOAL),
                new WriteCheck("archive layout, 1000 new messages of one group a call (larder-jedis-archive), messages/s",
                        results.throughput(append), perRound(append), 100_000),
                new WriteCheck("`larder import` of a generated " + (imports.isEmpty() ? "1,000,000" : String.format(Locale.ROOT, "%,d",
                        imports.get(0).events())) + "-message OneBot log into a Redis archive, events/s (median)",
                        imports.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(ImportRun.median(imports)),
                        joined(results.imports.stream().filter(f -> f.subject().equals(ImportRun.LARDER))
                                .map(f -> ops(OptionalDouble.of(f.perSecond()))).toList()), ImportRun.TARGET));
    }

    /** A check's figure: a rate (its goal is a count per second) as ops, a ratio with two decimals. */
    private static String figure(WriteCheck c) {
        return c.goal() >= 1000 ? ops(c.value()) : fmtOpt(c.value());
    }

    private static String goal(WriteCheck c) {
        return c.goal() >= 1000 ? String.format(Locale.ROOT, "%,.0f", c.goal()) : fmt(c.goal());
    }

    private static String joined(List<String> parts) {
        return parts.isEmpty() ? "–" : String.join(" / ", parts);
    }

    private void writes() {
        line("## Issue 17: writes at the speed of the wire");
        line("");
        line("The issue's targets, from this run. `saveAll` x1000 rewrites 5000 messages of 100 groups, 1000 a call "
                + "(OperationBench); the archive append brings 1000 new messages of one group a call (AppendBench, `groups=1`); "
                + "the import is `larder import` in process, as `benchmarks/run import` runs it, once per round after the JMH "
                + "rounds.");
        line("");
        line("| what | this run | per round | target | met |");
        line("|---|---|---|---|---|");
        for (WriteCheck c : writeChecks()) {
            line("| " + c.what() + " | " + figure(c) + " | " + c.perRound() + " | "
                    + goal(c) + " | "
                    + (c.value().isEmpty() ? "not measured" : c.met() ? "yes" : "**no**") + " |");
        }
        line("");
        lastingWrites();
        Step append = new Step(Workload.APPEND, 1, Subject.RAW_JEDIS);
        if (results.throughput(append).isPresent()) {
            line("Beside them, appends of the same new messages: raw-jedis (a `SET` and a timeline `ZADD` a message) "
                    + ops(results.throughput(append)) + " messages/s; the records layout with a timeline "
                    + ops(results.throughput(append.with(Subject.LARDER_JEDIS_TIMELINE))) + " ("
                    + ratio(append, Subject.LARDER_JEDIS_TIMELINE, Subject.RAW_JEDIS) + "×); the archive layout "
                    + ops(results.throughput(append.with(Subject.LARDER_JEDIS_ARCHIVE))) + " ("
                    + ratio(append, Subject.LARDER_JEDIS_ARCHIVE, Subject.RAW_JEDIS) + "×).");
            line("");
        }
        if (!results.imports.isEmpty()) {
            line("| round | subject | events/s | × raw Jedis (same round) | seconds | Redis CPU µs/event |");
            line("|---|---|---|---|---|---|");
            for (ImportRun.Figure f : results.imports) {
                line(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.1f | %.1f |", f.round(), f.subject(),
                        ops(OptionalDouble.of(f.perSecond())), fmtOpt(ImportRun.timesFloor(results.imports, f)), f.seconds(),
                        f.redisCpuMicros()));
            }
            line("");
        }
    }

    /**
     * The same batches never expiring, beside the targets (which the issue set with every subject expiring):
     * what a store with the default {@code Expiry.none()} gets, each ratio against its raw driver's plain {@code SET}.
     */
    private void lastingWrites() {
        Step lasting = new Step(Workload.SAVE_ALL_LASTING, 1, Subject.RAW_JEDIS);
        if (results.throughput(lasting).isEmpty()) {
            return;
        }
        line("The same `saveAll` x1000 with nothing expiring (a store's default, `Expiry.none()`; OperationBench.saveAllLasting): "
                + "Larder sends `MSET`s, the raw drivers plain pipelined `SET`s. Not the issue's rows (it set them with every "
                + "subject expiring), so not counted as met or missed above:");
        line("");
        line("| never expiring | this run | per round | the issue's goal for the expiring row |");
        line("|---|---|---|---|");
        record Row(Subject larder, Subject raw, String goal) {
        }
        for (Row r : List.of(new Row(Subject.LARDER_JEDIS_TIMELINE, Subject.RAW_JEDIS, fmt(TIMELINE_GOAL)),
                new Row(Subject.LARDER_JEDIS_IDX1, Subject.RAW_JEDIS, fmt(INDEX_GOAL)), new Row(Subject.LARDER_JEDIS, Subject.RAW_JEDIS, fmt(VALUES_GOAL)),
                new Row(Subject.LARDER_LETTUCE, Subject.RAW_LETTUCE, "–"))) {
            line("| " + r.larder().id() + " ÷ " + r.raw().id() + " | " + ratio(lasting, r.larder(), r.raw()) + " | "
                    + rounds(lasting, r.larder(), r.raw()) + " | " + r.goal() + " |");
        }
        Step values = lasting.with(Subject.LARDER_JEDIS);
        line("| larder-jedis ÷ `redis-benchmark -c 1 -P 1000` SET | " + fmtOpt(results.ofCeiling(values)) + " | "
                + joined(results.ofCeilingPerRound(values).stream().map(Report::fmt).toList()) + " | " + fmt(CEILING_GOAL) + " |");
        line("");
    }

    private void indexCost() {
        line("## What indexes cost");
        line("");
        line("Mean time per record of the same store declared with no index (`layout: values`, unpartitioned: one `SET`), with one index "
                + "(partitioned by group, ordered by time, `sender_id` indexed) and with three (`sender_id`, `msg_type`, `platform`).");
        line("");
        line("| workload | adapter | no index | one index | three indexes |");
        line("|---|---|---|---|---|");
        List<Subject[]> families = List.of(
                new Subject[] {Subject.LARDER_MEMORY, Subject.LARDER_MEMORY_IDX1, Subject.LARDER_MEMORY_IDX3},
                new Subject[] {Subject.LARDER_LETTUCE, Subject.LARDER_LETTUCE_IDX1, Subject.LARDER_LETTUCE_IDX3},
                new Subject[] {Subject.LARDER_JEDIS, Subject.LARDER_JEDIS_IDX1, Subject.LARDER_JEDIS_IDX3});
        for (Step cell : results.cells()) {
            for (Subject[] f : families) {
                OptionalDouble none = meanMicros(cell.with(f[0]));
                OptionalDouble one = meanMicros(cell.with(f[1]));
                OptionalDouble three = meanMicros(cell.with(f[2]));
                if (none.isEmpty() || (one.isEmpty() && three.isEmpty())) {
                    continue;
                }
                line("| " + cell.cell() + " | " + f[0].id() + " | " + micros(none) + " | " + withExtra(one, none) + " | "
                        + withExtra(three, none) + " |");
            }
        }
        line("");
    }

    private void peers() {
        Subject def = configuredDefault();
        line("## Larder's default (" + def.id() + ") against the peers");
        line("");
        line("| workload | " + def.id() + " ops/s | ÷ spring-lettuce | per round | ÷ redisson | per round |");
        line("|---|---|---|---|---|---|");
        for (Step cell : results.cells()) {
            if (results.throughput(cell.with(def)).isEmpty()
                    || (results.ratio(cell, def, Subject.SPRING_LETTUCE).isEmpty() && results.ratio(cell, def, Subject.REDISSON).isEmpty())) {
                continue;
            }
            line("| " + cell.cell() + " | " + ops(results.throughput(cell.with(def))) + " | "
                    + ratio(cell, def, Subject.SPRING_LETTUCE) + " | " + rounds(cell, def, Subject.SPRING_LETTUCE) + " | "
                    + ratio(cell, def, Subject.REDISSON) + " | " + rounds(cell, def, Subject.REDISSON) + " |");
        }
        line("");
    }

    private void defaultDriver() {
        line("## Which driver makes Larder's synchronous API fastest");
        line("");
        OptionalDouble overall = results.overall(Subject.LARDER_LETTUCE, Subject.LARDER_JEDIS);
        if (overall.isEmpty()) {
            line("Not measured: Larder did not run on both drivers.");
            line("");
            return;
        }
        line("| workload | larder-lettuce ÷ larder-jedis | faster |");
        line("|---|---|---|");
        for (Step cell : results.cells()) {
            OptionalDouble r = results.ratio(cell, Subject.LARDER_LETTUCE, Subject.LARDER_JEDIS);
            if (r.isPresent()) {
                line("| " + cell.cell() + " | " + fmt(r.getAsDouble()) + " | " + (r.getAsDouble() >= 1 ? "lettuce" : "jedis") + " |");
            }
        }
        line("");
        double g = overall.getAsDouble();
        line("Geometric mean over those workloads: larder-lettuce ÷ larder-jedis = **" + fmt(g) + "**, so the measured "
                + "choice is **" + (g >= 1 ? "Lettuce" : "Jedis") + "**; the configured default is "
                + configuredDefault().id().substring("larder-".length()) + ".");
        line("");
    }

    private void targets() {
        line("## Targets");
        line("");
        List<String> missed = new ArrayList<>();
        int checked = 0;
        for (Step cell : results.cells()) {
            if (cell.workload() == Workload.LIST) {
                continue;
            }
            double target = cell.workload().isBatch() ? BATCH_TARGET : SINGLE_TARGET;
            for (Subject[] pair : new Subject[][] {{Subject.LARDER_LETTUCE, Subject.RAW_LETTUCE}, {Subject.LARDER_JEDIS, Subject.RAW_JEDIS}}) {
                OptionalDouble r = results.ratio(cell, pair[0], pair[1]);
                if (r.isPresent()) {
                    checked++;
                    if (r.getAsDouble() < target) {
                        missed.add(cell.cell() + ": " + pair[0].id() + " ÷ " + pair[1].id() + " = " + fmt(r.getAsDouble())
                                + " < " + target);
                    }
                }
            }
        }
        Subject def = configuredDefault();
        for (Step cell : results.cells()) {
            for (Subject peer : List.of(Subject.SPRING_LETTUCE, Subject.REDISSON)) {
                OptionalDouble r = results.ratio(cell, def, peer);
                if (r.isPresent()) {
                    checked++;
                    if (r.getAsDouble() < 1) {
                        missed.add(cell.cell() + ": " + def.id() + " behind " + peer.id() + " (" + fmt(r.getAsDouble()) + ")");
                    }
                }
            }
        }
        for (WriteCheck c : writeChecks()) {
            if (c.value().isPresent()) {
                checked++;
                if (!c.met()) {
                    missed.add("issue 17: " + c.what() + " = " + figure(c) + " < " + goal(c));
                }
            }
        }
        line(checked + " checks, " + missed.size() + " missed" + (missed.isEmpty() ? "." : ":"));
        line("");
        for (String m : missed) {
            line("- " + m);
        }
        line("");
    }

    private void ceilingTable() {
        line("## The server's ceiling: redis-benchmark");
        line("");
        if (results.ceilings.isEmpty()) {
            line("redis-benchmark: not available on this machine (install redis-tools); ratios to the ceiling are left out.");
            line("");
            return;
        }
        line("| command | config | requests/s (per round) | p50 ms | p99 ms |");
        line("|---|---|---|---|---|");
        for (Ceiling.Config c : Ceiling.CONFIGS) {
            for (String command : List.of("SET", "GET")) {
                List<Ceiling.Result> rs = results.ceilings.stream()
                        .filter(r -> r.config().equals(c) && r.command().equals(command)).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                line("| " + command + " | `" + c.label() + "` | " + rs.stream().map(r -> ops(OptionalDouble.of(r.rps())))
                        .collect(Collectors.joining(" / ")) + " | " + fmt(rs.get(0).p50Millis()) + " | " + fmt(rs.get(0).p99Millis()) + " |");
            }
        }
        line("");
        line("Subject ÷ ceiling (single operations on t threads against `-c t -P 1`, batches against `-c 1 -P 1000`):");
        line("");
        line("| workload | " + Subject.bases().stream().filter(Subject::usesRedis).map(Subject::id).collect(Collectors.joining(" | ")) + " |");
        line("|---|" + "---|".repeat((int) Subject.bases().stream().filter(Subject::usesRedis).count()));
        for (Step cell : results.cells()) {
            if (results.ceiling(cell).isEmpty()) {
                continue;
            }
            line("| " + cell.cell() + " | " + Subject.bases().stream().filter(Subject::usesRedis)
                    .map(s -> fmtOpt(results.ofCeiling(cell.with(s)))).collect(Collectors.joining(" | ")) + " |");
        }
        line("");
    }

    private void codecs() {
        line("## Codecs alone");
        line("");
        line("| encoding | bytes per message | encode ns | decode ns |");
        line("|---|---|---|---|");
        for (Results.CodecFigure c : results.codecs) {
            line("| " + c.encoding() + " | " + c.bytes() + " | " + fmt0(c.encodeNanos()) + " | " + fmt0(c.decodeNanos()) + " |");
        }
        line("");
    }

    private void allFigures() {
        line("## Every measurement");
        line("");
        line("Throughput in operations (records) per second, pooled and per round; latency per operation in µs "
                + "(for batches: per batch of 1000, in ms).");
        line("");
        line("| workload | subject | ops/s | per round | p50 | p99 |");
        line("|---|---|---|---|---|---|");
        for (Step cell : results.cells()) {
            for (Subject s : results.subjects(cell)) {
                Step step = cell.with(s);
                double scale = cell.workload().isBatch() ? OperationBench.BATCH / 1000.0 : 1;
                line("| " + cell.cell() + " | " + s.id() + " | " + ops(results.throughput(step)) + " | " + perRound(step) + " | "
                        + fmt(results.p50(step).orElse(Double.NaN) * scale) + " | " + fmt(results.p99(step).orElse(Double.NaN) * scale) + " |");
            }
        }
        line("");
    }

    // ---- formatting

    private OptionalDouble meanMicros(Step step) {
        OptionalDouble t = results.throughput(step);
        return t.isPresent() ? OptionalDouble.of(step.threads() * 1_000_000.0 / t.getAsDouble()) : OptionalDouble.empty();
    }

    /** A step's throughput in each round, "–" where it did not run. */
    private String perRound(Step step) {
        return IntStream.rangeClosed(1, results.rounds).mapToObj(r -> results.at(step, r))
                .map(m -> m.map(x -> ops(OptionalDouble.of(x.throughput()))).orElse("–")).collect(Collectors.joining(" / "));
    }

    private String ratio(Step cell, Subject a, Subject b) {
        return fmtOpt(results.ratio(cell, a, b));
    }

    private String rounds(Step cell, Subject a, Subject b) {
        List<Double> rs = results.ratioPerRound(cell, a, b);
        return rs.isEmpty() ? "–" : rs.stream().map(Report::fmt).collect(Collectors.joining(" / "));
    }

    private static String withExtra(OptionalDouble value, OptionalDouble base) {
        if (value.isEmpty()) {
            return "–";
        }
        double extra = value.getAsDouble() / base.getAsDouble() - 1;
        return micros(value) + " (" + (extra >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.0f%%", extra * 100) + ")";
    }

    private static String micros(OptionalDouble us) {
        return us.isPresent() ? String.format(Locale.ROOT, "%.2f µs", us.getAsDouble()) : "–";
    }

    static String ops(OptionalDouble v) {
        if (v.isEmpty()) {
            return "–";
        }
        double x = v.getAsDouble();
        return x >= 1_000_000 ? String.format(Locale.ROOT, "%.2fM", x / 1e6)
                : x >= 1000 ? String.format(Locale.ROOT, "%.1fk", x / 1e3) : String.format(Locale.ROOT, "%.0f", x);
    }

    static String fmt(double x) {
        if (Double.isNaN(x)) {
            return "–";
        }
        return x >= 100 ? String.format(Locale.ROOT, "%.0f", x) : String.format(Locale.ROOT, "%.2f", x);
    }

    private static String fmt0(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.0f", x);
    }

    private static String fmtOpt(OptionalDouble x) {
        return x.isPresent() ? fmt(x.getAsDouble()) : "–";
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

}
