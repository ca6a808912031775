package io.larder.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the command in-process as a user would, with captured output and an environment of the test's own. */
final class Cli {
    private final Map<String, String> environment = new HashMap<>();
    private final Path data;

    /** A command line whose data folder (--data) is {@code data}; the environment starts empty. */
    Cli(Path data) {
        this.data = data;
    }

    /**
     * One run.
     *
     * @param code the exit code
     * @param out what it printed on stdout
     * @param err what it printed on stderr
     */
    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** A command line over {@code data} whose archive holds {@code events}, imported (the import must succeed). */
    static Cli holding(Path data, List<String> events) {
        Cli cli = new Cli(data);
        Result r = cli.run("import", write(data.resolve("events.jsonl"), events).toString());
        if (r.code() != 0) {
            throw new AssertionError("the import failed: " + r.err());
        }
        return cli;
    }

    Cli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs {@code args} with {@code --data} appended after the subcommand's own arguments. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(data.toString());
        return raw(all.toArray(String[]::new));
    }

    /** Runs {@code args} exactly as given. */
    Result raw(String... args) {
        StringWriter out = new StringWriter();
        Result r = rawTo(new PrintWriter(out, true), args);
        return new Result(r.code(), out.toString(), r.err());
    }

    /** Runs {@code args} with {@code --data} appended, its standard output going to {@code out}; {@link Result#out()} is empty. */
    Result runTo(PrintWriter out, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(data.toString());
        return rawTo(out, all.toArray(String[]::new));
    }

    private Result rawTo(PrintWriter out, String... args) {
        StringWriter err = new StringWriter();
        int code = LarderCommand.create(environment::get).setOut(out).setErr(new PrintWriter(err, true)).execute(args);
        return new Result(code, "", err.toString());
    }

    Path data() {
        return data;
    }

    /** Writes lines as a UTF-8 file. */
    static Path write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
