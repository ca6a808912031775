package io.larder.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/** Writes {@code limiter.md}: Larder against the floor first, then every figure and the round trips. */
final class LimiterReport {
    /** Larder's limiter reaches at least this share of the floor's decisions per second on every workload. */
    static final double TARGET = 0.8;

    private final List<LimiterRun.Figure> figures;
    private final List<LimiterRun.Cost> costs;
    private final List<String> problems;
    private final int rounds;
    private final StringBuilder md = new StringBuilder();

    LimiterReport(List<LimiterRun.Figure> figures, List<LimiterRun.Cost> costs, List<String> problems, int rounds) {
        this.figures = figures;
        this.costs = costs;
        this.problems = problems;
        this.rounds = rounds;
    }

    void write(Path file, String when, String settings, String machine, String java, String redis) {
        line("# Rate limits: Larder's limiter beside the floor and the peers");
        line("");
        line("Run " + when + " (" + rounds + " round(s), " + settings + "). Every decision admits: each limit holds "
                + LimiterBench.ADMIT_ALL + " permits, so this is the cost of the path a paid API call takes. One limit is per"
                + " minute; three are per minute, day and month. Many subjects: " + LimiterBench.MANY + " subjects each thread"
                + " walks; hot: every thread asks for one subject. Decisions per second are JMH throughput; ratios are of"
                + " those, per round (in the order the peers ran) and pooled (the mean over rounds).");
        line("");
        line("- Machine: " + machine);
        line("- Java: " + java);
        line("- Redis: " + redis + ", one local server the run starts itself");
        line("- The floor: one `EVALSHA` of a minimal script with raw Jedis: `TIME`, `MGET` of the counters, and when all"
                + " admit one `INCR` each (`PEXPIREAT` on a new one); the same windows, all or none. `lua-floor-lettuce` is the"
                + " same script on one raw Lettuce connection (byte-array codec, sync API): what the Lettuce driver itself costs.");
        line("- Bucket4j " + "8.17.0 (the newest whose Redis modules Maven Central serves): its compare-and-swap proxy manager, one"
                + " bucket per subject, one bandwidth per limit refilled at the window's end. Redisson 4.7.0 `RRateLimiter`: one"
                + " limiter per subject and limit, asked one after the other (not all or none).");
        for (String p : problems) {
            line("- **Failed:** " + p);
        }
        line("");
        verdict();
        everyFigure();
        roundTrips();
        try {
            Files.writeString(file, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void verdict() {
        line("## Larder ÷ the floor");
        line("");
        line("| workload | larder-jedis ÷ floor, per round | pooled | larder-lettuce ÷ floor, pooled"
                + " | larder-lettuce ÷ the floor on Lettuce, pooled |");
        line("|---|---|---|---|---|");
        double worst = Double.MAX_VALUE;
        for (LimiterRun.Cell cell : cells()) {
            List<Double> perRound = perRound(cell, LimitPeer.LARDER_JEDIS, LimitPeer.FLOOR_JEDIS);
            OptionalDouble pooled = ratio(cell, LimitPeer.LARDER_JEDIS, LimitPeer.FLOOR_JEDIS);
            if (pooled.isPresent()) {
                worst = Math.min(worst, pooled.getAsDouble());
            }
            line("| " + cell.label() + " | " + String.join(" / ", perRound.stream().map(LimiterReport::ratio).toList()) + " | "
                    + ratio(pooled) + " | " + ratio(ratio(cell, LimitPeer.LARDER_LETTUCE, LimitPeer.FLOOR_JEDIS)) + " | "
                    + ratio(ratio(cell, LimitPeer.LARDER_LETTUCE, LimitPeer.FLOOR_LETTUCE)) + " |");
        }
        line("");
        if (worst != Double.MAX_VALUE) {
            line(String.format(Locale.ROOT, "Target: at least %.1f of the floor on every workload (pooled). Lowest: %.2f, so the"
                    + " target is %s.", TARGET, worst, worst >= TARGET ? "**met**" : "**not met**"));
            line("");
        }
    }

    private void everyFigure() {
        List<LimitPeer> peers = peers();
        line("## Decisions per second (pooled), and ÷ the floor");
        line("");
        StringBuilder head = new StringBuilder("| workload |");
        StringBuilder rule = new StringBuilder("|---|");
        for (LimitPeer p : peers) {
            head.append(' ').append(p.id()).append(" |");
            rule.append("---|");
        }
        line(head.toString());
        line(rule.toString());
        for (LimiterRun.Cell cell : cells()) {
            StringBuilder row = new StringBuilder("| " + cell.label() + " |");
            for (LimitPeer p : peers) {
                OptionalDouble t = throughput(cell, p);
                OptionalDouble r = ratio(cell, p, LimitPeer.FLOOR_JEDIS);
                row.append(' ').append(t.isPresent() ? String.format(Locale.ROOT, "%,.0f", t.getAsDouble()) : "—")
                        .append(r.isPresent() && p != LimitPeer.FLOOR_JEDIS ? " (" + ratio(r) + ")" : "").append(" |");
            }
            line(row.toString());
        }
        line("");
        line("Per round:");
        line("");
        for (LimiterRun.Figure f : figures) {
            line(String.format(Locale.ROOT, "- round %d, %s, %s: %,.0f decisions/s", f.round(), f.cell().label(), f.peer().id(),
                    f.perSecond()));
        }
        line("");
    }

    private void roundTrips() {
        line("## Round trips per decision");
        line("");
        line("Counted by the server while each limiter made " + "its decisions: round trips are the commands clients sent"
                + " (`MONITOR`, which marks what a script runs), server commands everything the server ran, scripts' commands"
                + " included (`INFO commandstats`). Hot: eight threads on one subject, where compare-and-swap retries.");
        line("");
        line("| limiter | workload | round trips / decision | server commands / decision |");
        line("|---|---|---|---|");
        for (LimiterRun.Cost c : costs) {
            line(String.format(Locale.ROOT, "| %s | %s | %.2f | %.1f |", c.peer().id(), c.cell().label(), c.cost().roundTrips(),
                    c.cost().serverCommands()));
        }
        line("");
    }

    private List<LimiterRun.Cell> cells() {
        Set<LimiterRun.Cell> out = new LinkedHashSet<>();
        figures.forEach(f -> out.add(f.cell()));
        return new ArrayList<>(out);
    }

    private List<LimitPeer> peers() {
        Set<LimitPeer> out = new LinkedHashSet<>();
        for (LimitPeer p : LimitPeer.values()) {
            if (figures.stream().anyMatch(f -> f.peer() == p)) {
                out.add(p);
            }
        }
        return new ArrayList<>(out);
    }

    private OptionalDouble throughput(LimiterRun.Cell cell, LimitPeer peer) {
        return figures.stream().filter(f -> f.cell().equals(cell) && f.peer() == peer).mapToDouble(LimiterRun.Figure::perSecond)
                .average();
    }

    private OptionalDouble ratio(LimiterRun.Cell cell, LimitPeer a, LimitPeer b) {
        OptionalDouble x = throughput(cell, a);
        OptionalDouble y = throughput(cell, b);
        return x.isPresent() && y.isPresent() ? OptionalDouble.of(x.getAsDouble() / y.getAsDouble()) : OptionalDouble.empty();
    }

    private List<Double> perRound(LimiterRun.Cell cell, LimitPeer a, LimitPeer b) {
        List<Double> out = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            int round = r;
            OptionalDouble x = figures.stream().filter(f -> f.round() == round && f.cell().equals(cell) && f.peer() == a)
                    .mapToDouble(LimiterRun.Figure::perSecond).findFirst();
            OptionalDouble y = figures.stream().filter(f -> f.round() == round && f.cell().equals(cell) && f.peer() == b)
                    .mapToDouble(LimiterRun.Figure::perSecond).findFirst();
            if (x.isPresent() && y.isPresent()) {
                out.add(x.getAsDouble() / y.getAsDouble());
            }
        }
        return out;
    }

    private static String ratio(OptionalDouble r) {
        return r.isPresent() ? ratio(r.getAsDouble()) : "—";
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
