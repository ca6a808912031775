package io.larder.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * What the process does when it is told to stop (Ctrl-C, {@code kill}): the command's work stops
 * at its next safe point ({@link #check()}, which {@link Progress} calls between batches) with
 * {@link Interrupted}, and unwinds through its own clean-up: temporary files removed, the Larder
 * closed, a memory snapshot written, a message saying how much was stored. A command blocked where
 * it cannot check (reading standard input, waiting for a server) is given {@link #GRACE}; then the
 * stores still open are closed and the temporary files removed here. A command that ends within
 * that time with a verdict of its own (one that treats a stop as its normal end, such as {@code
 * import --follow}) exits with that code, not with the signal's. One per process: the signal is
 * the process's. Thread-safe.
 */
final class Interruption {
    /** How long a stop waits for the command to reach a safe point. */
    static final Duration GRACE = Duration.ofSeconds(3);

    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static final Set<Path> TEMPORARY = ConcurrentHashMap.newKeySet();
    private static volatile boolean requested;
    private static volatile boolean running;
    private static volatile int verdict = -1;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Interruption::stop, "larder-stop"));
    }

    private Interruption() {
    }

    /** Throws {@link Interrupted} once the process was told to stop. */
    static void check() {
        if (requested) {
            throw new Interrupted();
        }
    }

    /** Whether the process was told to stop; for a command that ends by itself then, rather than at {@link #check()}. */
    static boolean requested() {
        return requested;
    }

    /** The command of this process has begun: a stop waits (at most {@link #GRACE}) for it to end. */
    static void commandStarted() {
        running = true;
    }

    /**
     * Ends the process with the command's exit code. When the process was told to stop and the
     * command ended with a verdict other than {@link Interrupted#EXIT_CODE}, the stop's clean-up
     * ends the process with that code; otherwise the code is the signal's (130 for SIGINT, 143 for
     * SIGTERM), as it is for any process a signal stops.
     */
    static void exit(int code) {
        if (requested && code != Interrupted.EXIT_CODE) {
            verdict = code;
            running = false;
            while (true) {
                LockSupport.park();                     // the stop ends the process
            }
        }
        running = false;
        System.exit(code);
    }

    /** A store the command opened; closed here if the command cannot close it itself in time. */
    static void opened(AutoCloseable store) {
        OPEN.add(store);
    }

    /** The store was closed by its command. */
    static void closed(AutoCloseable store) {
        OPEN.remove(store);
    }

    /** A file that must not outlive the command unless it is moved into place. */
    static void temporary(Path file) {
        TEMPORARY.add(file);
    }

    /** The file was moved into place or removed. */
    static void settled(Path file) {
        TEMPORARY.remove(file);
    }

    /** The shutdown hook: ask the command to stop, give it time, then close what it left open. */
    private static void stop() {
        requested = true;
        long deadline = System.nanoTime() + GRACE.toNanos();
        while ((!OPEN.isEmpty() || running) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
        }
        List<String> forced = new ArrayList<>();
        for (AutoCloseable store : List.copyOf(OPEN)) {
            try {
                store.close();
                forced.add(store.toString());
            } catch (Exception e) {
                forced.add(store + " (closing it failed: " + e.getMessage() + ")");
            }
        }
        for (Path file : List.copyOf(TEMPORARY)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("larder: could not remove the temporary file " + file + ": " + e.getMessage());
            }
        }
        if (!forced.isEmpty()) {
            System.err.println("larder: stopped while waiting (for input or a server); closed " + String.join(", ", forced)
                    + ": what was written before is kept. Run the same command again to resume.");
        }
        if (verdict >= 0) {
            System.err.flush();
            Runtime.getRuntime().halt(verdict);
        }
    }
}
