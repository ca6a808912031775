package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code larder backup --schedule} in a process of its own: a backup each interval, the newest kept, until Ctrl-C. */
class ScheduledBackupIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void backupsAreWrittenEachIntervalTheNewestKeptUntilStopped() throws IOException {
        Path events = Cli.write(data.resolve("events.jsonl"), List.of(Events.message(1, 111, 7, "阿白", EIGHT_AM, "早")));
        Path backups = data.resolve("backups");
        Path config = Cli.write(data.resolve("larder.yaml"), List.of(
                "larder:",
                "  backend: { type: memory, snapshot: { path: \"${LARDER_DATA}/larder.snapshot\" } }",
                "  backup: { enabled: true, interval: 1s, path: \"" + backups + "\", keep: 2 }"));
        assertThat(new Cli(data).run("import", events.toString(), "--config", config.toString()).code()).isZero();
        Path out = logs.resolve("out.txt");

        ChildCli.Child child = new ChildCli(data, logs).start(ProcessBuilder.Redirect.from(new File("/dev/null")),
                ProcessBuilder.Redirect.to(out.toFile()), "backup", "--schedule", "--config", config.toString());
        ChildCli.waitFor("three backups", () -> read(out).split("backed up 4 stores", -1).length > 3);
        child.interrupt();

        assertThat(child.await()).as(child.err()).isEqualTo(Interrupted.EXIT_CODE);
        assertThat(read(out)).contains("backing up every 1s into " + backups + ", keeping the newest 2", "removed larder-backup-");
        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl.gz"))).hasSize(2);
        }
    }

    @Test
    void aScheduleStoppedAfterAFailedBackupExitsAsAFailure() throws IOException {
        Path blocker = Cli.write(data.resolve("blocker"), List.of("a file where the backup folder should be"));
        Path config = Cli.write(data.resolve("larder.yaml"), List.of(
                "larder:",
                "  backend: { type: memory, snapshot: { path: \"${LARDER_DATA}/larder.snapshot\" } }",
                "  backup: { enabled: true, interval: 1s, path: \"" + blocker.resolve("backups") + "\", keep: 2 }"));

        ChildCli.Child child = new ChildCli(data, logs).start(ProcessBuilder.Redirect.from(new File("/dev/null")),
                ProcessBuilder.Redirect.DISCARD, "backup", "--schedule", "--config", config.toString());
        ChildCli.waitFor("two failed backups", () -> child.err().split("the backup failed", -1).length > 2);
        child.interrupt();

        assertThat(child.await()).as(child.err()).isEqualTo(1);
        assertThat(child.err()).containsPattern("larder backup: stopped after a failed backup: the last one, started at "
                + "\\S+Z, failed; [0-9]+ backups failed and none succeeded since the schedule started\n");
    }

    /**
     * Ctrl-C while Redis does not answer, with a command timeout longer than the usual grace: the
     * stop waits for the call in flight to time out, so the schedule still gives its own verdict
     * (exit 1, naming the failed backups) rather than the signal's code with nothing said.
     */
    @Test
    void aScheduleStoppedWhileRedisDoesNotAnswerStillExitsAsAFailureSayingSo() {
        Path out = logs.resolve("out.txt");
        Path config = Cli.write(data.resolve("larder-redis.yaml"), List.of(
                "larder:",
                "  backend: { type: redis, host: 127.0.0.1, port: " + REDIS.get().port() + ", timeouts: { command: 5s },"
                        + " retry-on-timeout: false }",
                "  backup: { enabled: true, interval: 1s, path: \"" + data.resolve("backups") + "\", keep: 2 }"));
        ChildCli.Child child = new ChildCli(data, logs).start(ProcessBuilder.Redirect.from(new File("/dev/null")),
                ProcessBuilder.Redirect.to(out.toFile()), "backup", "--schedule", "--config", config.toString());
        ChildCli.waitFor("a first backup", () -> read(out).contains("backed up"));
        int code;
        REDIS.get().process().pause();
        try {
            ChildCli.waitFor("a failed backup", () -> child.err().contains("the backup failed"));
            child.interrupt();                                   // most likely inside the next backup's 5 s call
            code = child.await();
        } finally {
            REDIS.get().process().resume();
        }

        assertThat(code).as(child.err()).isEqualTo(1);
        assertThat(child.err()).contains("larder backup: stopped after a failed backup");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
