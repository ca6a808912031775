package io.larder.cli;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.chat.ChatArchive;
import io.larder.chat.ImportReport;
import io.larder.chat.OneBotImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code larder import --follow FILE}: one log imported as it grows ({@link FollowedLog}), each line
 * stored within the importer's delay (a second) of being appended, until the process is told to
 * stop (Ctrl-C, SIGTERM); then what was read is stored and the report printed as for any import.
 * Stateless.
 */
final class FollowImport {
    private static final long PROGRESS_EVERY_LINES = 1000;
    /** The first wait before a follow whose storage failed reads its file again; it doubles up to {@link #LONGEST_WAIT}. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    private static final String RESUME = ". Run the same command again to resume: messages already archived are skipped";

    private FollowImport() {
    }

    /**
     * What the follow read besides the report.
     *
     * @param files the files read: 1, and one more per rotation
     * @param truncations how often the file was seen truncated
     * @param unread what was not imported: lines not read yet when stopped, or a last line without its line break
     */
    record Followed(int files, int truncations, FollowedLog.Unread unread) {
        /** A log refused whole: nothing was followed. */
        static final Followed NOTHING = new Followed(0, 0, new FollowedLog.Unread(0, false));
    }

    /**
     * A follow ended.
     *
     * @param imported its report, as for any import
     * @param followed what it read besides
     */
    record Result(ImportCommand.Imported imported, Followed followed) {
    }

    /**
     * Why {@code file} cannot be followed, as a usage error; {@code null} when it can. A file that
     * does not exist is left to {@link #run}, which says so as a failure.
     */
    static @Nullable String unfollowable(List<Path> files) {
        if (files.size() != 1) {
            return "--follow reads one FILE, got " + files.size();
        }
        Path file = files.get(0);
        if (file.toString().equals(EventLogs.STDIN)) {
            return "--follow reads a file as it grows; standard input is read as it comes without it (larder import -)";
        }
        if (Files.isDirectory(file)) {
            return "--follow reads one log file, not a directory: " + file;
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            return "--follow reads a regular file, and " + file + " is not one (a pipe is read as it comes without "
                    + "--follow: larder import - < PIPE)";
        }
        if (file.getFileName().toString().endsWith(".gz") || gzip(file)) {
            return "--follow reads a plain-text log as it grows, and " + file + " is gzip, which does not grow: "
                    + "import it without --follow";
        }
        return null;
    }

    /**
     * Follows {@code file} until the process is told to stop, telling {@code err} when it began and
     * when it reached the end of what was there. When the storage stops answering (a paused, killed
     * or failing-over Redis), the follow says so and reads it again after a
     * wait (1 s, doubling up to {@link #LONGEST_WAIT}), for as long as it takes: messages archived
     * before are skipped, so a follow rides out an outage instead of ending on it. Each progress
     * report tells the log which lines are stored ({@link FollowedLog#stored}), so it goes back
     * only to the first line not known to be stored, even in a file the log was rotated from.
     *
     * @throws Failure when the file does not exist, the storage failed otherwise, or the follow was
     *     stopped while waiting for the storage (saying what was stored)
     */
    static Result run(Path file, ChatArchive archive, ImportCommand.Reading reading, PrintWriter err) {
        String name = file.toString();
        long started = System.nanoTime();
        Duration wait = FIRST_WAIT;
        AtomicBoolean failed = new AtomicBoolean();             // ends the wait for lines: the import then fails with it
        try (FollowedLog log = FollowedLog.open(file, err, stopOr(failed))) {
            refuseNonText(file, reading.encoding());
            err.println("following " + name + " (Ctrl-C to stop): importing it, then each line appended to it");
            err.flush();
            while (true) {
                ImportReport[] stored = {null};
                long attempt = System.nanoTime();
                AtomicBoolean thisFailed = failed;              // a late failure of an earlier attempt must not end this one
                OneBotImporter importer = OneBotImporter.builder().batchSize(reading.batch()).charset(reading.encoding())
                        .writers(reading.writers()).maxLineBytes(reading.maxLineBytes())
                        .progress(PROGRESS_EVERY_LINES, r -> {
                            stored[0] = r;
                            storedUpTo(log, r);
                        })
                        .onFailure(e -> thisFailed.set(true)).build();
                try {
                    ImportReport report = importer.importFrom(log, archive);
                    return new Result(new ImportCommand.Imported(name, report, null, null, since(started)),
                            new Followed(log.files(), log.truncations(), log.unread()));
                } catch (StorageUnavailableException e) {
                    if (since(attempt).compareTo(LONGEST_WAIT.multipliedBy(2)) > 0) {
                        wait = FIRST_WAIT;                      // it had been storing: a new outage
                    }
                    failed = new AtomicBoolean();
                    FollowedLog.Again again = log.readAgain(stopOr(failed));
                    err.println("following " + name + ": " + FailureHandler.withRootCause(e) + "; " + storedSoFar(name, stored[0])
                            + ". " + readingAgain(again, wait) + " (messages already archived are skipped; Ctrl-C to stop)");
                    err.flush();
                    if (!waitUnlessStopped(wait)) {
                        throw new Failure("stopped while the storage was failing (" + FailureHandler.withRootCause(e) + "); "
                                + storedSoFar(name, stored[0]) + RESUME, e);
                    }
                    wait = Collections.min(List.of(wait.multipliedBy(2), LONGEST_WAIT));
                } catch (StorageException e) {
                    throw new Failure(FailureHandler.withRootCause(e) + "; " + storedSoFar(name, stored[0]) + RESUME, e);
                }
            }
        } catch (EventLogs.NotALogException e) {
            return new Result(new ImportCommand.Imported(name, null, e.getMessage(), null, since(started)), Followed.NOTHING);
        } catch (NoSuchFileException e) {
            throw new Failure("no such file: " + name + " (--follow needs the log to exist when it starts: if nothing "
                    + "was logged yet, create it empty first: touch " + name + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static String readingAgain(FollowedLog.Again again, Duration wait) {
        String in = " in " + wait.toSeconds() + " s";
        if (again.rotated() == 0) {
            return again.fromStart() ? "Reading it again from its start" + in
                    : "Reading it again" + in + " from the first line not known to be stored";
        }
        return "Reading again" + in + " from the first line not known to be stored, in "
                + (again.rotated() == 1 ? "the file it was rotated from" : "the " + HumanFormat.count(again.rotated())
                + " files it was rotated from") + ", then it";
    }

    /** Stops reading the log when the process is told to stop, or once {@code failed} is set. */
    private static BooleanSupplier stopOr(AtomicBoolean failed) {
        return () -> Interruption.requested() || failed.get();
    }

    /** Tells the log which of its lines are stored, so that it lets go of the files rotated away that it need not read again. */
    private static void storedUpTo(FollowedLog log, ImportReport progress) {
        try {
            log.stored(progress.lines());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close a log file rotated away", e);
        }
    }

    /** Waits {@code wait}; false as soon as the process is told to stop. */
    private static boolean waitUnlessStopped(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            if (Interruption.requested()) {
                return false;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        return !Interruption.requested();
    }

    /** Prints what the follow read besides the report. */
    static void print(PrintWriter out, String source, Followed f) {
        if (f.files() > 1 || f.truncations() > 0) {
            out.println("  followed  " + HumanFormat.count(f.files()) + (f.files() == 1 ? " file" : " files")
                    + (f.files() > 1 ? " (rotated " + HumanFormat.count(f.files() - 1) + "x)" : "")
                    + (f.truncations() > 0 ? ", truncated " + HumanFormat.count(f.truncations()) + "x" : "")
                    + "; line numbers run on across them");
        }
        FollowedLog.Unread unread = f.unread();
        if (unread.bytes() > 0 && !unread.wholeLines()) {
            out.println("  waiting   the last " + HumanFormat.count(unread.bytes()) + " bytes of " + source
                    + " have no line break yet: not imported (follow or import the log again once the line is complete)");
        }
    }

    /**
     * {@link Interrupted} when the follow was stopped before it had read to the end of the log: an
     * interrupted import, resumed by running it again; {@code null} when it had.
     */
    static @Nullable Interrupted interrupted(String source, Followed f) {
        FollowedLog.Unread unread = f.unread();
        if (!unread.wholeLines()) {
            return null;
        }
        return new Interrupted("interrupted: stopped before the end of " + source + " (" + HumanFormat.size(unread.bytes())
                + " not read; what was read is stored). Run the same command again to resume: messages already "
                + "archived are skipped");
    }

    private static String storedSoFar(String name, ImportReport last) {
        return (last == null
                ? "this run stopped before all of the first " + HumanFormat.count(PROGRESS_EVERY_LINES) + " lines of " + name
                        + " were stored (messages archived before it are kept)"
                : "of " + name + " at least the first " + HumanFormat.count(last.lines()) + " lines read were stored ("
                        + HumanFormat.count(last.taken()) + " new messages)");
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Refuses a file that cannot be a log (UTF-16, binary, UTF-8 given another encoding) as {@code larder import} refuses it. */
    private static void refuseNonText(Path file, Charset encoding) throws IOException, EventLogs.NotALogException {
        try (InputStream in = EventLogs.open(Files.newInputStream(file), encoding)) {
            in.read();
        }
    }

    private static boolean gzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
        } catch (IOException e) {
            return false;                               // not readable: said when it is opened
        }
    }
}
