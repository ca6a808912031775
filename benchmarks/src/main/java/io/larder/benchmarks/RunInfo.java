package io.larder.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the report says about a run besides its figures, kept in {@code run.properties} beside the
 * JSON so {@code --report-only} can render the report again.
 *
 * @param date when the run ended
 * @param command the command line
 * @param settings {@link RunSettings#describe()}
 * @param quick whether it was a quick run
 * @param machine cores, memory, CPU and OS
 * @param java {@code java -version}
 * @param redis the server's version and origin
 * @param tool redis-benchmark's version, or "not available"
 * @param note what a reader should know about the conditions (added by hand to {@value #FILE}), or empty
 */
record RunInfo(String date, String command, String settings, boolean quick, String machine, String java, String redis,
               String tool, String note) {
    static final String FILE = "run.properties";

    void save(Path dir) {
        Properties p = new Properties();
        p.setProperty("date", date);
        p.setProperty("command", command);
        p.setProperty("settings", settings);
        p.setProperty("quick", Boolean.toString(quick));
        p.setProperty("machine", machine);
        p.setProperty("java", java);
        p.setProperty("redis", redis);
        p.setProperty("redis-benchmark", tool);
        p.setProperty("note", note);
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(w, "Larder benchmark run");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    static RunInfo load(Path dir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(FILE) + " (written by a full run)", e);
        }
        return new RunInfo(p.getProperty("date", "?"), p.getProperty("command", "benchmarks/run"), p.getProperty("settings", "?"),
                Boolean.parseBoolean(p.getProperty("quick", "false")), p.getProperty("machine", "?"), p.getProperty("java", "?"),
                p.getProperty("redis", "?"), p.getProperty("redis-benchmark", "not available"), p.getProperty("note", ""));
    }
}
