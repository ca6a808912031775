package io.larder.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A JVM started on this one's class path, running a test's {@code main}: the real process a crash
 * test kills. Its standard output is read line by line as it comes, each line stamped with when
 * it arrived, so a test can tell what the child acknowledged before it died and when. Its
 * standard error is kept for failure messages. Killed when closed, and when this JVM exits.
 * Thread-safe.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.builder(Writer.class).args(dir.toString()).start()) {
 *     child.awaitLines(1000, Duration.ofSeconds(30));
 *     child.kill();                                  // SIGKILL on Linux and macOS
 *     List<ChildJvm.Line> acknowledged = child.lines();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
    private static final int STDERR_KEPT = 16 * 1024;

    /**
     * One line of the child's standard output.
     *
     * @param text the line, without its end
     * @param arrivedNanos {@link System#nanoTime()} when this JVM read it
     */
    public record Line(String text, long arrivedNanos) {
    }

    private final Process process;
    private final String name;
    private final List<Line> lines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private ChildJvm(Process process, String name) {
        this.process = process;
        this.name = name;
        LiveProcesses.track(process);
        this.outReader = reader(process.getInputStream(), "out", line -> {
            synchronized (lines) {
                lines.add(new Line(line, System.nanoTime()));
                lines.notifyAll();
            }
        });
        this.errReader = reader(process.getErrorStream(), "err", line -> {
            synchronized (stderr) {
                stderr.append(line).append('\n');
                if (stderr.length() > STDERR_KEPT) {
                    stderr.delete(0, stderr.length() - STDERR_KEPT);
                }
            }
        });
    }

    /** A builder for a child running {@code main}. */
    public static Builder builder(Class<?> main) {
        return new Builder(main);
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Every line the child wrote to its standard output so far, in order. */
    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The last 16 KB of the child's standard error. */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /**
     * Waits until the child has written at least {@code count} lines.
     *
     * @throws TestkitException when it exits or the timeout passes first (with its standard error)
     */
    public void awaitLines(int count, Duration timeout) {
        awaitLine(count, l -> true, timeout);
    }

    /**
     * Waits for the first line that {@code matching} accepts, and returns it.
     *
     * @throws TestkitException when the child exits or the timeout passes first (with its standard error)
     */
    public Line awaitLine(Predicate<String> matching, Duration timeout) {
        return awaitLine(1, matching, timeout);
    }

    private Line awaitLine(int count, Predicate<String> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                int seen = 0;
                for (Line l : lines) {
                    if (matching.test(l.text()) && ++seen >= count) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !outReader.isAlive())) {
                    throw new TestkitException(name + " (pid " + pid() + ") " + (process.isAlive() ? "did not write the"
                            + " expected line within " + timeout : "exited with " + process.exitValue()) + " after "
                            + lines.size() + " lines; its standard error ends:\n" + stderr());
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TestkitException("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    /**
     * Kills the child with no chance to clean up ({@code SIGKILL} where the platform has it), and
     * returns once it is gone and every line it wrote before has been read.
     */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * Waits for the child to exit and for its output to be read to the end; returns its exit code.
     *
     * @throws TestkitException when it still runs after {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TestkitException(name + " (pid " + pid() + ") still runs after " + timeout
                        + "; its standard error ends:\n" + stderr());
            }
            outReader.join(timeout.toMillis());
            errReader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted while waiting for " + name, e);
        }
        LiveProcesses.untrack(process);
        return process.exitValue();
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        LiveProcesses.untrack(process);
    }

    private Thread reader(InputStream in, String stream, Consumer<String> each) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    each.accept(line);
                }
            } catch (IOException e) {
                // the child is gone: what it wrote before is read
            }
            synchronized (lines) {
                lines.notifyAll();
            }
        }, "child-jvm-" + process.pid() + "-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Builds and starts a {@link ChildJvm}. Not thread-safe. */
    public static final class Builder {
        private final Class<?> main;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private @Nullable Long fileSizeLimitKb;
        private @Nullable Path directory;

        private Builder(Class<?> main) {
            this.main = Objects.requireNonNull(main, "main");
        }

        /** Options for the child's {@code java} command ({@code -Xmx256m}). */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** Arguments for {@code main}. */
        public Builder args(String... arguments) {
            args.addAll(List.of(arguments));
            return this;
        }

        /** The working directory (default: this JVM's). */
        public Builder directory(Path dir) {
            directory = dir;
            return this;
        }

        /**
         * The largest file the child may write ({@code ulimit -f}, in KiB): a write past it fails
         * with "File too large", as on a full disk. Needs {@code bash}.
         */
        public Builder fileSizeLimitKb(long kb) {
            fileSizeLimitKb = kb;
            return this;
        }

        /** Starts the child. */
        public ChildJvm start() {
            List<String> command = new ArrayList<>();
            if (fileSizeLimitKb != null) {
                command.addAll(List.of("bash", "-c", "ulimit -f " + fileSizeLimitKb + " && exec \"$0\" \"$@\""));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            try {
                return new ChildJvm(pb.start(), main.getSimpleName());
            } catch (IOException e) {
                throw new TestkitException("cannot start " + command.get(0) + " for " + main.getName() + ": " + e, e);
            }
        }
    }
}
