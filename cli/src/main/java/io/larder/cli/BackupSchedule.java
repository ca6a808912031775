package io.larder.cli;

import io.larder.config.BackupSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code larder backup --schedule}: a backup every interval into one folder, the newest few kept,
 * until the process is stopped. A backup that fails is reported and the next one is tried on
 * time: an outage of a night does not end the schedule. A stop after a backup that failed is a
 * failure (exit 1, naming it), not an interruption: the last word must not hide it. The Larder is
 * opened for each backup alone, so other commands may use the store in between. Not thread-safe.
 *
 * <p>Each round first removes what backups killed midway left: a regular file of the folder named
 * {@code .<backup name>.<hex>.tmp} (the temporary file {@link OutputFile} writes a backup into) and
 * last modified more than one interval before the round started. This process runs one backup at a
 * time and one that ends removes its own temporary file, so such a file belongs to a dead process,
 * or to another one writing into the same folder (a second schedule, a {@code larder backup}
 * without {@code -o}), which keeps its file's modification time fresh as it writes: one untouched
 * for a whole interval is taken as dead. A removal that fails fails the round, as its backup would.
 */
final class BackupSchedule {
    private static final long STEP_NANOS = 200_000_000L;
    /** A scheduled backup's temporary file, as {@link OutputFile} names it: {@code .larder-backup-…Z.jsonl.gz.3f09a1c2.tmp}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\." + Pattern.quote(BackupCommand.PREFIX) + "[0-9]{8}T[0-9]{6}Z"
            + Pattern.quote(BackupCommand.SUFFIX) + "\\.[0-9a-f]+\\.tmp");

    private final BackupSettings plan;
    private final Clock clock;
    private final Pause pause;
    private final Function<Path, BackupCommand.Written> backup;
    private final PrintWriter out;
    private final PrintWriter err;

    /** Waiting: the real one parks in short steps and stops when the process is told to. */
    @FunctionalInterface
    interface Pause {
        void until(Instant when, Clock clock);
    }

    BackupSchedule(BackupSettings plan, Clock clock, Pause pause, Function<Path, BackupCommand.Written> backup,
                   PrintWriter out, PrintWriter err) {
        this.plan = plan;
        this.clock = clock;
        this.pause = pause;
        this.backup = backup;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs {@code rounds} backups (the command: until stopped); 0 when the last one succeeded, 1 when it failed.
     *
     * @throws Interrupted when the process is told to stop after a backup that succeeded (or before the first)
     * @throws Failure when it is told to stop after one that failed, naming it and how many failed in a row
     */
    int run(long rounds) {
        out.println("backing up every " + interval() + " into " + plan.path() + ", keeping the newest " + plan.keep());
        out.flush();
        int failed = 0;                             // backups in a row that failed, up to the last one that ended
        Instant lastFailed = null;
        Instant lastSucceeded = null;
        try {
            for (long round = 0; round < rounds; round++) {
                // a backup that takes an interval or more (a server that does not answer) leaves no pause to stop in
                Interruption.check();
                Instant started = clock.instant();
                try {
                    removeLeftovers(started);
                    BackupCommand.Written w = backup.apply(BackupCommand.fileIn(plan.path(), started));
                    out.println(started + "  " + BackupCommand.summary(w));
                    prune();
                    failed = 0;
                    lastSucceeded = started;
                } catch (Interrupted e) {
                    throw e;
                } catch (RuntimeException e) {
                    err.println("larder backup: " + started + ": the backup failed: " + FailureHandler.describe(e)
                            + "; the next one is due in " + interval());
                    failed++;
                    lastFailed = started;
                }
                out.flush();
                err.flush();
                if (round + 1 < rounds) {
                    pause.until(started.plus(plan.interval()), clock);
                }
            }
        } catch (Interrupted e) {
            if (failed == 0) {
                throw e;
            }
            // the signal's exit code would say the schedule was fine until stopped: it was not
            throw new Failure("stopped after a failed backup: the last one, started at " + lastFailed + ", failed; "
                    + failed + (failed == 1 ? " backup failed" : " backups failed") + (lastSucceeded == null
                    ? " and none succeeded since the schedule started" : " since the last that succeeded, started at "
                    + lastSucceeded), e);
        }
        return failed == 0 ? 0 : 1;
    }

    /** The interval as configuration writes it: {@code 6h}, {@code 90m}, {@code 1h30m}. */
    private String interval() {
        return plan.interval().toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** Removes the oldest backups of the folder beyond the newest {@code keep} (names sort by their time). */
    private void prune() {
        List<Path> ours;
        try (Stream<Path> files = Files.list(plan.path())) {
            ours = files.filter(f -> f.getFileName().toString().startsWith(BackupCommand.PREFIX)
                    && f.getFileName().toString().endsWith(BackupCommand.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + plan.path(), e);
        }
        for (Path old : ours.subList(0, Math.max(0, ours.size() - plan.keep()))) {
            try {
                Files.deleteIfExists(old);
                out.println("  removed " + old.getFileName() + " (keeping the newest " + plan.keep() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the old backup " + old, e);
            }
        }
    }

    /**
     * Removes the temporary files of scheduled backups that did not finish (the process killed with
     * {@code kill -9}, the machine gone): see the class comment for which.
     */
    private void removeLeftovers(Instant started) {
        if (!Files.isDirectory(plan.path())) {
            return;                                 // the first backup makes the folder
        }
        FileTime before = FileTime.from(started.minus(plan.interval()));
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(plan.path())) {
            leftovers = files.filter(f -> LEFTOVER.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + plan.path(), e);
        }
        for (Path file : leftovers) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() && a.lastModifiedTime().compareTo(before) < 0 && Files.deleteIfExists(file)) {
                    out.println(started + "  removed " + file.getFileName() + ", left by a backup that did not finish");
                }
            } catch (NoSuchFileException gone) {
                // another schedule on this folder removed it first
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file + ", left by a backup that did not finish", e);
            }
        }
    }

    /** Waits until {@code when}, in short steps, each a place to stop at when the process is told to. */
    static void pause(Instant when, Clock clock) {
        while (clock.instant().isBefore(when)) {
            long left = Duration.between(clock.instant(), when).toNanos();
            LockSupport.parkNanos(Math.min(left, STEP_NANOS));
            Interruption.check();
        }
    }
}
