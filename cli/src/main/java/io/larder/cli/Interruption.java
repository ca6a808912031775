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
import sun.misc.Signal;

/**
 * What the process does when it is told to stop (Ctrl-C, {@code kill}): the command's work stops
 * at its next safe point ({@link #check()}, which {@link Progress} calls between batches) with
 * {@link Interrupted}, and unwinds through its own clean-up: temporary files removed, the Larder
 * closed, a memory snapshot written, a message saying how much was stored. A command blocked where
 * it cannot check (reading standard input, waiting for a server) is given {@link #GRACE} more than
 * the longest a call to its storage may take ({@link #storageCalls}), so that a call to a server
 * that stopped answering fails by its own timeout and the command says what it stored; then the
 * stores still open are closed and the temporary files removed here. A second stop (Ctrl-C again)
 * ends the process at once. A command that ends within that time with a verdict of its own (one
 * that treats a stop as its normal end, such as {@code import --follow}, or a failure it reports)
 * exits with that code, not with the signal's. One per process: the signal is the process's.
 * Thread-safe.
 */
final class Interruption {
    /** How long a stop waits for the command to reach a safe point, beyond the longest call to its storage. */
    static final Duration GRACE = Duration.ofSeconds(3);

    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static final Set<Path> TEMPORARY = ConcurrentHashMap.newKeySet();
    private static volatile boolean requested;
    private static volatile boolean running;
    private static volatile int verdict = -1;
    private static volatile Duration longestCall = Duration.ZERO;
    private static volatile boolean onlyReads;
    private static volatile boolean forcing;

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

    /** Whether the stop closed the stores under the command: what the command then says of them is not news. */
    static boolean forcing() {
        return forcing;
    }

    /** Whether the process was told to stop; for a command that ends by itself then, rather than at {@link #check()}. */
    static boolean requested() {
        return requested;
    }

    /** The command of this process has begun: a stop waits for it to end ({@link #GRACE}, beyond the longest storage call). */
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
        if (forcing || requested && code != Interrupted.EXIT_CODE) {
            if (!forcing) {
                verdict = code;                         // when the stop closed the stores under the command, the signal's code stands
                running = false;
            }
            while (true) {
                LockSupport.park();                     // the stop ends the process
            }
        }
        running = false;
        System.exit(code);
    }

    /**
     * A call to the storage the command opened may take up to {@code longest} before it fails (a
     * server's command timeout, retried): a stop waits that long, and {@link #GRACE} more.
     */
    static void storageCalls(Duration longest) {
        if (longest.compareTo(longestCall) > 0) {
            longestCall = longest;
        }
    }

    /** The command only reads the stores (a backup): a stop that cannot wait for it says so, and offers no resume. */
    static void onlyReads() {
        onlyReads = true;
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
        stopAtOnceOnSecondSignal();
        long now = System.nanoTime();
        long deadline = now + GRACE.plus(longestCall).toNanos();
        long told = longestCall.isZero() ? Long.MAX_VALUE : now + GRACE.toNanos();
        while ((!OPEN.isEmpty() || running) && System.nanoTime() < deadline) {
            if (System.nanoTime() >= told) {
                // past the usual grace a person would wonder: say what it waits for, and how not to
                System.err.println("larder: stopping: waiting up to " + HumanFormat.duration(Duration.ofNanos(deadline - told))
                        + " more for the command's call to the storage to end, so that it can say what it stored;"
                        + " Ctrl-C again stops at once");
                System.err.flush();
                told = Long.MAX_VALUE;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        List<String> forced = new ArrayList<>();
        forcing = !OPEN.isEmpty();
        for (AutoCloseable store : List.copyOf(OPEN)) {
            try {
                store.close();
                forced.add(store.toString());
            } catch (Exception e) {
                forced.add(store + " (closing it failed: " + e.getMessage() + ")");
            }
        }
        boolean removed = removeTemporaryFiles();
        // the command did not stop by itself: it may have been waiting (for input, a server) or busy in one long step
        String stopped = "larder: stopped before the command reached a point where it stops by itself (waiting for input or"
                + " a server, or busy with one long step such as loading a store)";
        if (!forced.isEmpty()) {
            System.err.println(stopped + "; closed " + String.join(", ", forced) + (onlyReads
                    ? ": it only read them, so nothing stored was changed" + (removed ? ", and its unfinished file was removed" : "")
                    : ": what was written before is kept. Run the same command again to resume."));
        } else if (running && verdict < 0) {
            System.err.println(stopped + ", before any store was open: " + (onlyReads ? "nothing stored was changed"
                    + (removed ? ", and its unfinished file was removed" : "") : "what was written before is kept"));
        }
        if (verdict >= 0) {
            System.err.flush();
            Runtime.getRuntime().halt(verdict);
        }
    }

    /** Removes the files that must not outlive the command; returns whether there were any. */
    private static boolean removeTemporaryFiles() {
        List<Path> files = List.copyOf(TEMPORARY);
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("larder: could not remove the temporary file " + file + ": " + e.getMessage());
            }
        }
        return !files.isEmpty();
    }

    /**
     * While the stop waits, a second SIGINT or SIGTERM ends the process at once, with the signal's
     * code: the JVM's own handlers would wait for this hook, and the user asked twice.
     */
    private static void stopAtOnceOnSecondSignal() {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), s -> {
                    removeTemporaryFiles();
                    System.err.println("larder: stopped at once by a second " + (s.getNumber() == 2 ? "Ctrl-C" : "SIG" + s.getName())
                            + ", without waiting for the command to say what it stored: what was written before is kept");
                    System.err.flush();
                    Runtime.getRuntime().halt(128 + s.getNumber());
                });
            } catch (IllegalArgumentException unavailable) {
                // the JVM keeps this signal (-Xrs): the stop waits its full time
            }
        }
    }
}
