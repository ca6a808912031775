package io.larder.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs the {@code larder} command in a process of its own, as a shell does: for what only a real
 * process shows (its exit code after a signal, its standard output going to {@code /dev/full},
 * two processes on one data folder). The child runs {@link LarderCommand#main} on this JVM's class path.
 */
final class ChildCli {
    private final Path data;
    private final Path logs;

    /** Children whose data folder ({@code --data}) is {@code data}; their stderr goes to files under {@code logs}. */
    ChildCli(Path data, Path logs) {
        this.data = data;
        this.logs = logs;
    }

    /**
     * A running or finished child.
     *
     * @param process the process
     * @param stderr the file its stderr goes to
     */
    record Child(Process process, Path stderr) {
        /** What it wrote to stderr so far. */
        String err() {
            try {
                return Files.readString(stderr, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Its exit code, once it ended (at most two minutes; then it is killed and the test fails). */
        int await() {
            try {
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("the larder process did not end: " + err());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /**
         * Sends it {@code SIGINT}, as Ctrl-C in its terminal would. Refuses at once when the child
         * ignores {@code SIGINT}: a build started in the background of a shell without job control
         * passes an ignored {@code SIGINT} down to every process it starts, and the JVM then never
         * sees Ctrl-C; the test would otherwise wait two minutes and fail for a reason it does not name.
         */
        void interrupt() {
            if (ignoresSigint(process.pid())) {
                throw new AssertionError("the larder process ignores SIGINT, inherited from the build that started it"
                        + " (a background job of a shell without job control, e.g. `(mvn verify &)`): run the build"
                        + " in the foreground or with `set -m`");
            }
            try {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
                if (kill.waitFor() != 0) {
                    throw new AssertionError("kill -INT " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Whether process {@code pid} ignores SIGINT (Linux: bit 1 of {@code SigIgn} in its status); false where that is unknown. */
    static boolean ignoresSigint(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /**
     * A finished child.
     *
     * @param code its exit code
     * @param err what it wrote to stderr
     */
    record Result(int code, String err) {
    }

    /** Starts {@code args} with {@code --data} appended. */
    Child start(ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, String... args) {
        return launch(List.of(), in, out, args);
    }

    /** Starts the command, behind {@code wrapper} (a shell and its arguments; empty for none), with {@code --data} appended. */
    private Child launch(List<String> wrapper, ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), LarderCommand.class.getName()));
        command.addAll(List.of(args));
        command.add("--data");
        command.add(data.toString());
        try {
            Files.createDirectories(logs);
            Path err = Files.createTempFile(logs, "stderr-", ".txt");
            Process p = new ProcessBuilder(command).redirectInput(in).redirectOutput(out).redirectError(err.toFile()).start();
            return new Child(p, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (at most a minute, polling every 20 ms) until {@code condition} holds; the test fails otherwise. */
    static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited a minute for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * Runs {@code args} to its end as {@link #run} does, in a shell that limits the files it writes
     * to {@code kilobytes} and ignores {@code SIGXFSZ}, so that a write past the limit fails as a write
     * to a full disk does ({@code File too large}).
     */
    Result runWithFileSizeLimit(long kilobytes, ProcessBuilder.Redirect out, String... args) {
        Child c = launch(List.of("bash", "-c", "trap '' XFSZ; ulimit -f " + kilobytes + "; exec \"$@\"", "larder"),
                ProcessBuilder.Redirect.from(new File("/dev/null")), out, args);
        return new Result(c.await(), c.err());
    }

    /** Runs {@code args} to its end, stdin empty, stdout to {@code out}. */
    Result run(ProcessBuilder.Redirect out, String... args) {
        Child c = start(ProcessBuilder.Redirect.from(new File("/dev/null")), out, args);
        return new Result(c.await(), c.err());
    }
}
