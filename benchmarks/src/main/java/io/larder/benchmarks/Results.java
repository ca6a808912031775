package io.larder.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Everything a run measured, and the arithmetic the report does on it: throughput pooled over
 * rounds (the mean), ratios per round and pooled, ratios to the server's ceiling.
 */
final class Results {

    /**
     * One codec's figures.
     *
     * @param encoding the {@link CodecChoice} id
     * @param bytes stored bytes of the sample chat message
     * @param encodeNanos mean nanoseconds to encode, NaN if not measured
     * @param decodeNanos mean nanoseconds to decode, NaN if not measured
     */
    record CodecFigure(String encoding, int bytes, double encodeNanos, double decodeNanos) {
    }

    final List<Measurement> measurements = new ArrayList<>();
    final List<Ceiling.Result> ceilings = new ArrayList<>();
    final List<CodecFigure> codecs = new ArrayList<>();
    /** {@code larder import} and its raw Jedis floor, per round (issue 17's end-to-end write). */
    final List<ImportRun.Figure> imports = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    int rounds;

    /** The cells (workload and threads) measured, in plan order. */
    List<Step> cells() {
        Set<String> seen = new LinkedHashSet<>();
        List<Step> out = new ArrayList<>();
        for (Measurement m : measurements) {
            if (seen.add(m.step().cell())) {
                out.add(m.step());
            }
        }
        return out;
    }

    /** Whether Larder ran beside its raw driver in {@code cell}, on Lettuce or on Jedis. */
    boolean comparesToRaw(Step cell) {
        return ratio(cell, Subject.LARDER_LETTUCE, Subject.RAW_LETTUCE).isPresent()
                || ratio(cell, Subject.LARDER_JEDIS, Subject.RAW_JEDIS).isPresent();
    }

    /** The subjects measured in {@code cell}'s workload and threads, in plan order. */
    List<Subject> subjects(Step cell) {
        Set<Subject> out = new LinkedHashSet<>();
        for (Measurement m : measurements) {
            if (m.step().cell().equals(cell.cell())) {
                out.add(m.step().subject());
            }
        }
        return new ArrayList<>(out);
    }

    Optional<Measurement> at(Step step, int round) {
        return measurements.stream().filter(m -> m.round() == round && m.step().equals(step)).findFirst();
    }

    /** Mean throughput over the rounds that measured {@code step}. */
    OptionalDouble throughput(Step step) {
        return measurements.stream().filter(m -> m.step().equals(step)).mapToDouble(Measurement::throughput).average();
    }

    /** Mean of a latency percentile over rounds, in microseconds per operation. */
    OptionalDouble p50(Step step) {
        return measurements.stream().filter(m -> m.step().equals(step)).mapToDouble(Measurement::p50Micros).average();
    }

    OptionalDouble p99(Step step) {
        return measurements.stream().filter(m -> m.step().equals(step)).mapToDouble(Measurement::p99Micros).average();
    }

    /** Pooled throughput of {@code a} divided by that of {@code b}, in the same cell. */
    OptionalDouble ratio(Step cell, Subject a, Subject b) {
        OptionalDouble x = throughput(cell.with(a));
        OptionalDouble y = throughput(cell.with(b));
        return x.isPresent() && y.isPresent() ? OptionalDouble.of(x.getAsDouble() / y.getAsDouble()) : OptionalDouble.empty();
    }

    /** {@code b}'s pooled median time per operation over {@code a}'s: above 1, {@code a} is typically faster. */
    OptionalDouble ratioByMedian(Step cell, Subject a, Subject b) {
        OptionalDouble x = p50(cell.with(a));
        OptionalDouble y = p50(cell.with(b));
        return x.isPresent() && y.isPresent() ? OptionalDouble.of(y.getAsDouble() / x.getAsDouble()) : OptionalDouble.empty();
    }

    /** The same ratio within each round. */
    List<Double> ratioPerRound(Step cell, Subject a, Subject b) {
        List<Double> out = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Optional<Measurement> x = at(cell.with(a), r);
            Optional<Measurement> y = at(cell.with(b), r);
            if (x.isPresent() && y.isPresent()) {
                out.add(x.get().throughput() / y.get().throughput());
            }
        }
        return out;
    }

    /** redis-benchmark's requests per second for the configuration matching {@code cell}, pooled over rounds. */
    OptionalDouble ceiling(Step cell) {
        Optional<Ceiling.Config> config = Ceiling.matching(cell);
        if (config.isEmpty()) {
            return OptionalDouble.empty();
        }
        String command = cell.workload().redisCommand();
        return ceilings.stream().filter(c -> c.config().equals(config.get()) && c.command().equals(command))
                .mapToDouble(Ceiling.Result::rps).average();
    }

    /** A subject's pooled throughput divided by the ceiling of its cell. */
    OptionalDouble ofCeiling(Step step) {
        OptionalDouble t = throughput(step);
        OptionalDouble c = ceiling(step);
        return t.isPresent() && c.isPresent() ? OptionalDouble.of(t.getAsDouble() / c.getAsDouble()) : OptionalDouble.empty();
    }

    /** Per-round ratio to that round's ceiling. */
    List<Double> ofCeilingPerRound(Step step) {
        List<Double> out = new ArrayList<>();
        Optional<Ceiling.Config> config = Ceiling.matching(step);
        if (config.isEmpty()) {
            return out;
        }
        for (int r = 1; r <= rounds; r++) {
            int round = r;
            Optional<Measurement> m = at(step, r);
            OptionalDouble c = ceilings.stream().filter(x -> x.round() == round && x.config().equals(config.get())
                    && x.command().equals(step.workload().redisCommand())).mapToDouble(Ceiling.Result::rps).average();
            if (m.isPresent() && c.isPresent()) {
                out.add(m.get().throughput() / c.getAsDouble());
            }
        }
        return out;
    }

    /**
     * Geometric mean over every cell where both ran of {@code a}'s throughput over {@code b}'s:
     * above 1, {@code a} is the faster overall.
     */
    OptionalDouble overall(Subject a, Subject b) {
        double logSum = 0;
        int n = 0;
        for (Step cell : cells()) {
            OptionalDouble r = ratio(cell, a, b);
            if (r.isPresent()) {
                logSum += Math.log(r.getAsDouble());
                n++;
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.exp(logSum / n));
    }
}
