package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder import --follow} in a process of its own: lines appended to the log are in the
 * store (Redis, read by another process) while the follow runs, across a rotation, a truncation
 * and a line written in two pieces; Ctrl-C or SIGTERM stores what was read, prints the report and
 * exits with the import's own verdict.
 */
class FollowIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    private static final Pattern TOTAL = Pattern.compile("total: 1 group, ([0-9,]+) messages");
    private static final Pattern NEW = Pattern.compile("imported .*: ([0-9,]+) lines .*\\n  messages  ([0-9,]+) new");

    @TempDir
    Path data;
    @TempDir
    Path logs;

    private ChildCli.Child child;
    private int next;

    @AfterEach
    void stopTheFollow() {
        if (child != null && child.process().isAlive()) {
            child.process().destroyForcibly();
        }
        REDIS.get().flushAll();
    }

    @Test
    void linesAppendedAreStoredWhileTheFollowRuns() {
        Path log = append(logs.resolve("events.jsonl"), messages(2));
        Path config = redis();
        follow(log, "--config", config.toString());
        ChildCli.waitFor("the lines already there", () -> stored(config) == 2);

        append(log, messages(3));

        ChildCli.waitFor("the lines appended", () -> stored(config) == 5);
        assertThat(child.process().isAlive()).as(child.err()).isTrue();
        child.interrupt();
        assertThat(child.await()).as(child.err()).isZero();
        assertThat(out()).contains("imported " + log + ": 5 lines", "messages  5 new, 0 already archived");
    }

    @Test
    void aRotatedLogIsReadToItsEndAndTheNewOneFromItsStart() throws IOException {
        Path log = append(logs.resolve("events.jsonl"), messages(2));
        Path config = redis();
        follow(log, "--config", config.toString());
        ChildCli.waitFor("the lines already there", () -> stored(config) == 2);

        Path rotated = Files.move(log, logs.resolve("events.jsonl.1"));
        append(rotated, messages(2));                         // written after the rename, before the new file
        append(log, messages(3));

        ChildCli.waitFor("the lines of both files", () -> stored(config) == 7);
        append(log, messages(1));
        ChildCli.waitFor("a line appended to the new file", () -> stored(config) == 8);
        child.interrupt();
        assertThat(child.await()).as(child.err()).isZero();
        assertThat(out()).contains("messages  8 new", "followed  2 files (rotated 1x)");
        assertThat(child.err()).contains("it was rotated");
    }

    @Test
    void aTruncatedLogIsReadAgainFromItsStart() {
        Path log = append(logs.resolve("events.jsonl"), messages(3));
        Path config = redis();
        follow(log, "--config", config.toString());
        ChildCli.waitFor("the lines already there", () -> stored(config) == 3);

        write(log, "");
        ChildCli.waitFor("the truncation to be seen", () -> child.err().contains("it was truncated"));
        append(log, messages(2));

        ChildCli.waitFor("the lines written after the truncation", () -> stored(config) == 5);
        child.interrupt();
        assertThat(child.await()).as(child.err()).isZero();
        assertThat(out()).contains("truncated 1x");
    }

    @Test
    void aLineWrittenInTwoPiecesIsStoredOnceItIsWholeAndAHalfLineAtTheStopIsNotRefused() throws InterruptedException {
        Path log = append(logs.resolve("events.jsonl"), messages(1));
        Path config = redis();
        follow(log, "--config", config.toString());
        ChildCli.waitFor("the line already there", () -> stored(config) == 1);
        String line = messages(1).get(0);
        int half = line.length() / 2;

        write(log, line.substring(0, half), StandardOpenOption.APPEND);
        Thread.sleep(3 * FollowedLog.POLL_MILLIS);          // a few polls: the half must wait, not be refused
        write(log, line.substring(half) + "\n", StandardOpenOption.APPEND);

        ChildCli.waitFor("the whole line", () -> stored(config) == 2);
        write(log, "{\"time\":", StandardOpenOption.APPEND);   // and a line still being written when stopped
        Thread.sleep(3 * FollowedLog.POLL_MILLIS);
        child.interrupt();
        assertThat(child.await()).as(child.err()).isZero();
        assertThat(out()).contains("2 lines", "messages  2 new", "the last 8 bytes of " + log + " have no line break yet")
                .doesNotContain("refused");
    }

    @Test
    void ctrlCStoresEverythingReadAndPrintsTheReport() {
        Path log = append(logs.resolve("events.jsonl"), messages(10));
        follow(log, "--batch", "100000");                     // stored by time only: a second after being read
        ChildCli.waitFor("the follow to reach the end", () -> child.err().contains("read to its end"));
        append(log, messages(20_000));                        // read in part, and not yet stored, when stopped

        child.interrupt();

        int code = child.await();
        Matcher report = NEW.matcher(out());
        assertThat(report.find()).as(out()).isTrue();
        long read = Long.parseLong(report.group(1).replace(",", ""));
        long taken = Long.parseLong(report.group(2).replace(",", ""));
        assertThat(taken).isEqualTo(read).isGreaterThanOrEqualTo(10);
        if (read < 20_010) {
            assertThat(code).as(child.err()).isEqualTo(Interrupted.EXIT_CODE);
            assertThat(child.err()).contains("interrupted: stopped before the end of " + log, "Run the same command again");
        } else {
            assertThat(code).as(child.err()).isZero();
        }
        assertThat(child.err()).doesNotContain("stopped while waiting", "Exception");
        assertThat(new Cli(data).run("stats", "--totals").out()).contains("total: 1 group, " + HumanFormat.count(taken)
                + " messages");
    }

    /**
     * Ctrl-C while Redis does not answer, with a long command timeout: the stop says it waits for the
     * call to end and that Ctrl-C again stops at once; Ctrl-C again exits as stopped (130), not done;
     * what was stored before the pause stays.
     */
    @Test
    void ctrlCTwiceWhileRedisDoesNotAnswerStopsAtOnceAsStoppedNotAsDone() throws InterruptedException {
        Path log = append(logs.resolve("events.jsonl"), messages(3));
        Path config = Cli.write(data.resolve("larder-slow.yaml"), List.of("larder:", "  backend: { type: redis, "
                + "host: 127.0.0.1, port: " + REDIS.get().port() + ", timeouts: { command: 60s } }"));
        follow(log, "--config", config.toString());
        ChildCli.waitFor("the lines already there", () -> stored(config) == 3);
        ChildCli.waitFor("the follow to reach the end", () -> child.err().contains("read to its end"));
        int code;
        REDIS.get().process().pause();
        try {
            append(log, messages(200));
            TimeUnit.MILLISECONDS.sleep(1_500);               // read, and waiting for a batch Redis does not take
            child.interrupt();
            ChildCli.waitFor("the stop to say it waits", () -> child.err().contains("Ctrl-C again stops at once"));
            child.interrupt();
            code = child.await();
        } finally {
            REDIS.get().process().resume();
        }
        assertThat(code).as(child.err()).isEqualTo(Interrupted.EXIT_CODE);
        assertThat(child.err()).contains("waiting up to 2:00 more", "stopped at once by a second Ctrl-C", "what was written before is kept");
        assertThat(stored(config)).as("what was read before the pause").isEqualTo(3);
    }

    /** Redis stops answering under a follow: it says so, reads the file again once Redis answers, and goes on following. */
    @Test
    void aFollowRidesOutARedisThatStopsAnsweringAndStoresWhatCameMeanwhile() {
        Path log = append(logs.resolve("events.jsonl"), messages(3));
        Path config = followWithShortTimeouts(log);
        ChildCli.waitFor("the lines already there", () -> stored(config) == 3);
        REDIS.get().process().pause();
        try {
            append(log, messages(4));
            ChildCli.waitFor("the follow to say it reads the file again", () -> child.err().contains("Reading it again"));
        } finally {
            REDIS.get().process().resume();
        }
        ChildCli.waitFor("the lines appended during the pause", () -> stored(config) == 7);
        append(log, messages(2));
        ChildCli.waitFor("a line appended after it", () -> stored(config) == 9);
        assertThat(child.process().isAlive()).as(child.err()).isTrue();

        child.interrupt();

        assertThat(child.await()).as(child.err()).isZero();
        assertThat(child.err()).contains("did not answer within 1000 ms", "Reading it again from its start in 1 s");
        Cli.Result stats = new Cli(data).run("stats", "--totals", "--config", config.toString());
        assertThat(stats.code()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("total: 1 group, 9 messages");
    }

    /** After an outage a follow goes back only to the first line a progress report had not said was stored, not to the start. */
    @Test
    void aFollowGoesBackOnlyToTheFirstLineNotKnownToBeStored() {
        Path log = append(logs.resolve("events.jsonl"), messages(2_500));   // progress said at lines 1,000 and 2,000
        Path config = followWithShortTimeouts(log);
        ChildCli.waitFor("the lines already there", () -> stored(config) == 2_500);
        REDIS.get().process().pause();
        try {
            append(log, messages(3));
            ChildCli.waitFor("the follow to say where it reads again", () -> child.err().contains("Reading it again"));
        } finally {
            REDIS.get().process().resume();
        }
        ChildCli.waitFor("the lines appended during the pause", () -> stored(config) == 2_503);

        child.interrupt();

        assertThat(child.await()).as(child.err()).isZero();
        assertThat(child.err()).contains("Reading it again in 1 s from the first line not known to be stored");
        Matcher report = NEW.matcher(out());
        assertThat(report.find()).as(out()).isTrue();
        long read = Long.parseLong(report.group(1).replace(",", ""));
        assertThat(read).as("lines the last try read: from line 2,000 or earlier, not from the start")
                .isBetween(503L, 2_502L);
    }

    /**
     * The log is rotated while Redis does not answer: the lines of the old file that were read but
     * not stored are read again from the old file (the name now stands for the new one), not lost.
     */
    @Test
    void aLogRotatedDuringAnOutageIsReadAgainFromTheOldFileToo() throws IOException {
        Path log = append(logs.resolve("events.jsonl"), messages(3));
        Path config = followWithShortTimeouts(log);
        ChildCli.waitFor("the lines already there", () -> stored(config) == 3);
        REDIS.get().process().pause();
        try {
            append(log, messages(4));                         // read from the old file, not stored
            Path rotated = Files.move(log, logs.resolve("events.jsonl.1"));
            append(rotated, messages(1));                     // its writer had not reopened yet
            append(log, messages(2));
            ChildCli.waitFor("the follow to say it reads the files again", () -> child.err().contains("Reading again in")
                    || child.err().contains("Reading it again"));     // the latter when it failed before it saw the rotation
        } finally {
            REDIS.get().process().resume();
        }
        ChildCli.waitFor("the lines of both files", () -> stored(config) == 10);
        append(log, messages(1));
        ChildCli.waitFor("a line appended to the new file after it", () -> stored(config) == 11);

        child.interrupt();

        assertThat(child.await()).as(child.err()).isZero();
        Cli.Result stats = new Cli(data).run("stats", "--totals", "--config", config.toString());
        assertThat(stats.code()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("total: 1 group, 11 messages");
    }

    @Test
    void aStopWithRefusedLinesUnderStrictNamesThemAndExitsOne() {
        List<String> lines = new ArrayList<>(messages(1));
        lines.add("{\"time\": not json");
        Path log = append(logs.resolve("events.jsonl"), lines);
        follow(log, "--strict");
        ChildCli.waitFor("the follow to reach the end", () -> child.err().contains("read to its end"));

        child.process().destroy();                            // SIGTERM, as a service manager stops it

        assertThat(child.await()).as(child.err()).isEqualTo(1);
        assertThat(out()).contains("refused   1 line", "line 2: malformed JSON");
        assertThat(child.err()).contains("1 line was refused (--strict)");
    }

    @Test
    void sigtermEndsTheFollowAsCtrlCDoes() {
        Path log = append(logs.resolve("events.jsonl"), messages(3));
        follow(log);
        ChildCli.waitFor("the follow to reach the end", () -> child.err().contains("read to its end"));

        child.process().destroy();

        assertThat(child.await()).as(child.err()).isZero();
        assertThat(out()).contains("messages  3 new");
    }

    private void follow(Path log, String... more) {
        List<String> args = new ArrayList<>(List.of("import", "--follow", log.toString()));
        args.addAll(List.of(more));
        child = new ChildCli(data, logs.resolve("stderr")).start(ProcessBuilder.Redirect.from(new File("/dev/null")),
                ProcessBuilder.Redirect.to(logs.resolve("stdout.txt").toFile()), args.toArray(String[]::new));
    }

    /** Follows {@code log} into the Redis with 1 s timeouts, so that a pause fails a batch at once; the config written. */
    private Path followWithShortTimeouts(Path log) {
        Path config = Cli.write(data.resolve("larder-short.yaml"), List.of("larder:", "  backend: { type: redis, "
                + "host: 127.0.0.1, port: " + REDIS.get().port() + ", timeouts: { connect: 1s, command: 1s } }"));
        follow(log, "--config", config.toString());
        return config;
    }

    private String out() {
        try {
            return Files.readString(logs.resolve("stdout.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path redis() {
        return Cli.write(data.resolve("larder-redis.yaml"), List.of("larder:", "  backend: { type: redis, host: 127.0.0.1, "
                + "port: " + REDIS.get().port() + " }"));
    }

    /** The messages {@code larder stats} counts in the archive, 0 before it has any. */
    private long stored(Path config) {
        Cli.Result r = new Cli(data).run("stats", "--totals", "--config", config.toString());
        Matcher m = TOTAL.matcher(r.out());
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : 0;
    }

    /** {@code n} messages not written before, one group. */
    private List<String> messages(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++, next++) {
            out.add(Events.message(5_000 + next, 111, 7 + next % 5, "群友", EIGHT_AM + next, "第 " + next + " 条"));
        }
        return out;
    }

    private static Path append(Path file, List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        return write(file, text.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Path write(Path file, String text, StandardOpenOption... options) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
