package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.StorageUnavailableException;
import io.larder.config.BackupSettings;
import io.larder.testkit.TestClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code larder backup --schedule} driven by a clock of the test's own: what a stop reports, what a killed run left behind. */
class BackupScheduleTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-12-04T00:00:00Z");
    private static final Duration SIX_HOURS = Duration.ofHours(6);

    @TempDir
    Path dir;
    private final TestClock clock = TestClock.at(MIDNIGHT.toEpochMilli());
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aStopAfterAFailedBackupFailsNamingItAndHowManyFailedSinceTheLastSuccess() {
        BackupSchedule schedule = schedule(outcomes("ok", "fail", "fail"), 3);

        assertThatThrownBy(() -> schedule.run(Long.MAX_VALUE)).isInstanceOf(Failure.class)
                .hasMessage("stopped after a failed backup: the last one, started at 2026-12-04T12:00:00Z, failed; "
                        + "2 backups failed since the last that succeeded, started at 2026-12-04T00:00:00Z");
        assertThat(err.toString()).contains("2026-12-04T12:00:00Z: the backup failed: Redis is down");
    }

    @Test
    void aStopAfterBackupsThatAllFailedSaysNoneSucceeded() {
        BackupSchedule schedule = schedule(outcomes("fail"), 1);

        assertThatThrownBy(() -> schedule.run(Long.MAX_VALUE)).isInstanceOf(Failure.class)
                .hasMessage("stopped after a failed backup: the last one, started at 2026-12-04T00:00:00Z, failed; "
                        + "1 backup failed and none succeeded since the schedule started");
    }

    @Test
    void aStopDuringABackupThatFollowsAFailedOneFailsToo() {
        BackupSchedule schedule = schedule(outcomes("ok", "fail", "stop"), Integer.MAX_VALUE);

        assertThatThrownBy(() -> schedule.run(Long.MAX_VALUE)).isInstanceOf(Failure.class)
                .hasMessage("stopped after a failed backup: the last one, started at 2026-12-04T06:00:00Z, failed; "
                        + "1 backup failed since the last that succeeded, started at 2026-12-04T00:00:00Z");
    }

    @Test
    void aStopAfterASuccessfulBackupIsAnInterruption() {
        BackupSchedule schedule = schedule(outcomes("fail", "ok"), 2);

        assertThatThrownBy(() -> schedule.run(Long.MAX_VALUE)).isExactlyInstanceOf(Interrupted.class);
    }

    @Test
    void aLeftoverOfABackupThatDidNotFinishIsRemovedOnceAnIntervalOld() throws IOException {
        clock.set(MIDNIGHT.plus(SIX_HOURS).toEpochMilli());
        Path stale = leftover(".larder-backup-20261203T180000Z.jsonl.gz.3f09a1c2b4d5.tmp", Duration.ofHours(7));
        Path fresh = leftover(".larder-backup-20261204T050000Z.jsonl.gz.7e1.tmp", Duration.ofHours(1));
        Path atTheInterval = leftover(".larder-backup-20261204T000000Z.jsonl.gz.a.tmp", SIX_HOURS);
        List<Path> others = List.of(
                leftover(".larder-backup-20261203T180000Z.jsonl.gz.tmp", Duration.ofDays(3)),
                leftover(".larder-backup-20261203T180000Z.jsonl.gz.3F09.tmp", Duration.ofDays(3)),
                leftover(".larder-backup-20261203T180000Z.jsonl.gz.3f09.tmp.old", Duration.ofDays(3)),
                leftover("larder-backup-20261203T180000Z.jsonl.gz.3f09.tmp", Duration.ofDays(3)),
                leftover(".export.jsonl.3f09.tmp", Duration.ofDays(3)),
                leftover(".larder-backup-latest.jsonl.gz.3f09.tmp", Duration.ofDays(3)),
                leftover("notes.txt", Duration.ofDays(3)));
        Path folder = Files.createDirectory(dir.resolve(".larder-backup-20261202T000000Z.jsonl.gz.b0.tmp"));
        Files.setLastModifiedTime(folder, FileTime.from(MIDNIGHT.minus(Duration.ofDays(2))));

        assertThat(schedule(outcomes("ok"), 0).run(1)).isZero();

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(atTheInterval).exists();
        assertThat(others).allSatisfy(f -> assertThat(f).exists());
        assertThat(folder).isDirectory();
        assertThat(out.toString()).contains("2026-12-04T06:00:00Z  removed .larder-backup-20261203T180000Z.jsonl.gz"
                + ".3f09a1c2b4d5.tmp, left by a backup that did not finish").containsOnlyOnce("left by a backup");
    }

    @Test
    void aLeftoverIsRemovedEvenWhileTheBackupsFail() throws IOException {
        Path stale = leftover(".larder-backup-20261203T000000Z.jsonl.gz.51.tmp", Duration.ofDays(1));

        assertThat(schedule(outcomes("fail"), 0).run(1)).isEqualTo(1);

        assertThat(stale).doesNotExist();
        assertThat(out.toString()).contains("removed .larder-backup-20261203T000000Z.jsonl.gz.51.tmp");
    }

    /** A file in the backup folder last modified {@code age} before the clock's time. */
    private Path leftover(String name, Duration age) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "part of a backup");
        Files.setLastModifiedTime(file, FileTime.from(clock.instant().minus(age)));
        return file;
    }

    /** Backups that succeed ({@code ok}: a file written), fail ({@code fail}) or are stopped midway ({@code stop}), in turn. */
    private static Deque<String> outcomes(String... each) {
        return new ArrayDeque<>(List.of(each));
    }

    /** A schedule every six hours into {@code dir}, whose {@code stopAt}th pause (from 1) is where the process is told to stop. */
    private BackupSchedule schedule(Deque<String> outcomes, int stopAt) {
        int[] pauses = {0};
        BackupSchedule.Pause pause = (when, c) -> {
            if (++pauses[0] == stopAt) {
                throw new Interrupted();
            }
            clock.set(when.toEpochMilli());
        };
        return new BackupSchedule(new BackupSettings(true, SIX_HOURS, dir, 2), clock, pause, file -> {
            switch (outcomes.removeFirst()) {
                case "ok" -> write(file);
                case "fail" -> throw new StorageUnavailableException("Redis is down");
                default -> throw new Interrupted();
            }
            return new BackupCommand.Written(file, 1, 1, Duration.ZERO);
        }, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static void write(Path file) {
        try {
            Files.writeString(file, "a backup");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
