package io.larder.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a run's figures back from its files (the JMH JSON of each round and of the codecs, and
 * {@value #CEILING} and {@value #IMPORTS}), so the report can be rendered again without measuring again.
 */
final class ResultFiles {
    static final String CEILING = "ceiling.csv";
    static final String IMPORTS = "import.csv";

    private ResultFiles() {
    }

    static void writeCeilings(Path dir, List<Ceiling.Result> ceilings) {
        StringBuilder csv = new StringBuilder("round,command,clients,pipeline,rps,p50_ms,p99_ms\n");
        for (Ceiling.Result r : ceilings) {
            csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%.2f,%.3f,%.3f%n", r.round(), r.command(),
                    r.config().clients(), r.config().pipeline(), r.rps(), r.p50Millis(), r.p99Millis()));
        }
        try {
            Files.writeString(dir.resolve(CEILING), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CEILING), e);
        }
    }

    static void writeImports(Path dir, List<ImportRun.Figure> figures) {
        StringBuilder csv = new StringBuilder("round,subject,events,seconds,redis_cpu_us_per_event\n");
        for (ImportRun.Figure f : figures) {
            csv.append(String.format(Locale.ROOT, "%d,%s,%d,%.3f,%.2f%n", f.round(), f.subject(), f.events(), f.seconds(),
                    f.redisCpuMicros()));
        }
        try {
            Files.writeString(dir.resolve(IMPORTS), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(IMPORTS), e);
        }
    }

    static Results read(Path dir) {
        Results results = new Results();
        ObjectMapper json = new ObjectMapper();
        try {
            for (int round = 1; Files.exists(dir.resolve("jmh-round-" + round + ".json")); round++) {
                results.rounds = round;
                for (JsonNode r : json.readTree(dir.resolve("jmh-round-" + round + ".json").toFile())) {
                    String method = r.get("benchmark").asText().substring(r.get("benchmark").asText().lastIndexOf('.') + 1);
                    Workload w = Arrays.stream(Workload.values()).filter(x -> x.method().equals(method)).findFirst()
                            .orElseThrow(() -> new IllegalStateException("unknown benchmark " + method));
                    Step step = new Step(w, r.get("threads").asInt(), Subject.of(r.get("params").get("subject").asText()));
                    JsonNode metric = r.get("primaryMetric");
                    results.measurements.add(new Measurement(round, step, metric.get("score").asDouble(),
                            metric.get("scorePercentiles").get("50.0").asDouble(),
                            metric.get("scorePercentiles").get("99.0").asDouble(), 0));
                }
            }
            if (Files.exists(dir.resolve("jmh-codecs.json"))) {
                for (String id : CodecChoice.ids()) {
                    results.codecs.add(new Results.CodecFigure(id,
                            CodecChoice.of(id).open().encode(ChatCorpus.message(ChatCorpus.group(0), 0)).length, Double.NaN, Double.NaN));
                }
                for (JsonNode r : json.readTree(dir.resolve("jmh-codecs.json").toFile())) {
                    String encoding = r.get("params").get("encoding").asText();
                    boolean encode = r.get("benchmark").asText().endsWith(".encode");
                    double score = r.get("primaryMetric").get("score").asDouble();
                    results.codecs.replaceAll(c -> !c.encoding().equals(encoding) ? c : new Results.CodecFigure(c.encoding(),
                            c.bytes(), encode ? score : c.encodeNanos(), encode ? c.decodeNanos() : score));
                }
                results.codecs.removeIf(c -> Double.isNaN(c.encodeNanos()) && Double.isNaN(c.decodeNanos()));
            }
            if (Files.exists(dir.resolve(CEILING))) {
                for (String line : Files.readAllLines(dir.resolve(CEILING), StandardCharsets.UTF_8)) {
                    String[] f = line.split(",");
                    if (f.length < 7 || f[0].equals("round")) {
                        continue;
                    }
                    int clients = Integer.parseInt(f[2]);
                    int pipeline = Integer.parseInt(f[3]);
                    Ceiling.Config config = Ceiling.CONFIGS.stream().filter(c -> c.clients() == clients && c.pipeline() == pipeline)
                            .findFirst().orElse(new Ceiling.Config(clients, pipeline, 0));
                    results.ceilings.add(new Ceiling.Result(Integer.parseInt(f[0]), f[1], config, Double.parseDouble(f[4]),
                            Double.parseDouble(f[5]), Double.parseDouble(f[6])));
                }
            }
            if (Files.exists(dir.resolve(IMPORTS))) {
                for (String line : Files.readAllLines(dir.resolve(IMPORTS), StandardCharsets.UTF_8)) {
                    String[] f = line.split(",");
                    if (f.length < 5 || f[0].equals("round")) {
                        continue;
                    }
                    results.imports.add(new ImportRun.Figure(Integer.parseInt(f[0]), f[1], Long.parseLong(f[2]),
                            Double.parseDouble(f[3]), Double.parseDouble(f[4]), Map.of()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the results in " + dir, e);
        }
        return results;
    }
}
