package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FollowedLog} over real files: whole lines as they are appended, a partial line only once
 * it is finished, a rotated file read to its end before the new one, a truncated file again from
 * its start, and an end only when told to stop.
 */
class FollowedLogTest {
    @TempDir
    Path dir;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final StringWriter notes = new StringWriter();
    private FollowedLog log;
    private CompletableFuture<Void> reading;

    @AfterEach
    void stopReading() throws Exception {
        stop.set(true);
        if (reading != null) {
            reading.get(1, TimeUnit.MINUTES);
            log.close();
        }
    }

    @Test
    void readsTheFileThenEachLineAppended() throws IOException {
        Path file = write(dir.resolve("events.log"), "one\ntwo\n");
        follow(file);
        ChildCli.waitFor("the lines already there", () -> lines.size() == 2);

        append(file, "three\n");

        ChildCli.waitFor("the line appended", () -> lines.size() == 3);
        assertThat(lines).containsExactly("one", "two", "three");
    }

    @Test
    void aPartialLastLineWaitsForItsLineBreak() throws Exception {
        Path file = write(dir.resolve("events.log"), "one\n{\"half\":");
        follow(file);
        ChildCli.waitFor("the whole line", () -> lines.size() == 1);
        Thread.sleep(3 * FollowedLog.POLL_MILLIS);         // a few polls: the half line must still wait
        assertThat(lines).containsExactly("one");
        assertThat(log.unread()).isEqualTo(new FollowedLog.Unread("{\"half\":".length(), false));

        append(file, "\"done\"}\n");

        ChildCli.waitFor("the finished line", () -> lines.size() == 2);
        assertThat(lines).containsExactly("one", "{\"half\":\"done\"}");
    }

    @Test
    void aRotatedLogIsReadToItsEndThenTheNewOneFromItsStart() throws IOException {
        Path file = write(dir.resolve("events.log"), "old 1\n");
        follow(file);
        ChildCli.waitFor("the first line", () -> lines.size() == 1);

        Path rotated = Files.move(file, dir.resolve("events.log.1"));
        append(rotated, "old 2\n");                         // written after the rename: the writer had not reopened yet
        append(rotated, "old 3\n");
        write(file, "new 1\n");
        append(file, "new 2\n");

        ChildCli.waitFor("both files' lines", () -> lines.size() == 5);
        assertThat(lines).containsExactly("old 1", "old 2", "old 3", "new 1", "new 2");
        assertThat(log.files()).isEqualTo(2);
        assertThat(notes.toString()).contains("it was rotated");
    }

    @Test
    void aRotatedLogsPartialLastLineIsNotJoinedToTheNewFilesFirstLine() throws IOException {
        Path file = write(dir.resolve("events.log"), "old 1\nold cut");
        follow(file);
        ChildCli.waitFor("the first line", () -> lines.size() == 1);

        Files.move(file, dir.resolve("events.log.1"));
        write(file, "new 1\n");

        ChildCli.waitFor("both files' lines", () -> lines.size() == 3);
        assertThat(lines).containsExactly("old 1", "old cut", "new 1");
    }

    @Test
    void readingAgainStartsWithTheFilesRotatedAwayWhoseLinesWereNotStored() throws Exception {
        Path file = write(dir.resolve("events.log"), "old 1\n");
        follow(file);
        ChildCli.waitFor("the first line", () -> lines.size() == 1);
        Path rotated = Files.move(file, dir.resolve("events.log.1"));
        append(rotated, "old 2\n");
        write(file, "new 1\n");
        ChildCli.waitFor("both files' lines", () -> lines.size() == 3);

        assertThat(readAgain(0)).isEqualTo(new FollowedLog.Again(1, true));

        ChildCli.waitFor("both files' lines again", () -> lines.size() == 3);
        assertThat(lines).containsExactly("old 1", "old 2", "new 1");
        append(file, "new 2\n");
        ChildCli.waitFor("a line appended to the new file", () -> lines.size() == 4);
        assertThat(log.files()).as("a rotation read again is not another one").isEqualTo(2);
    }

    @Test
    void readingAgainLeavesOutTheFilesRotatedAwayWhoseLinesWereStored() throws Exception {
        Path file = write(dir.resolve("events.log"), "old 1\nold 2\n");
        follow(file);
        ChildCli.waitFor("the first lines", () -> lines.size() == 2);
        Files.move(file, dir.resolve("events.log.1"));
        write(file, "new 1\n");
        ChildCli.waitFor("the new file's line", () -> lines.size() == 3);

        assertThat(readAgain(2)).isEqualTo(new FollowedLog.Again(0, true));   // stored: the old file's lines, not the new one's

        ChildCli.waitFor("the new file's line again", () -> lines.size() == 1);
        assertThat(lines).containsExactly("new 1");
    }

    @Test
    void readingAgainGoesBackToTheFirstLineNotKnownToBeStored() throws Exception {
        Path file = write(dir.resolve("events.log"), "one\ntwo\n");
        follow(file);
        ChildCli.waitFor("the first lines", () -> lines.size() == 2);
        append(file, "three\nfour\n");
        ChildCli.waitFor("the lines appended", () -> lines.size() == 4);

        assertThat(readAgain(3)).isEqualTo(new FollowedLog.Again(0, false));   // stored: within the second read, so back to its start

        ChildCli.waitFor("the lines not known to be stored", () -> lines.size() == 2);
        assertThat(lines).containsExactly("three", "four");
        append(file, "five\n");
        ChildCli.waitFor("a line appended after it", () -> lines.size() == 3);
        assertThat(lines).containsExactly("three", "four", "five");
    }

    @Test
    void aLogTruncatedBeforeItIsReadAgainIsReadFromItsStart() throws Exception {
        Path file = write(dir.resolve("events.log"), "one\ntwo\n");
        follow(file);
        ChildCli.waitFor("the first lines", () -> lines.size() == 2);
        write(file, "");
        ChildCli.waitFor("the truncation to be seen", () -> notes.toString().contains("it was truncated"));
        append(file, "again 1\n");
        ChildCli.waitFor("the line after the truncation", () -> lines.size() == 3);

        assertThat(readAgain(2)).isEqualTo(new FollowedLog.Again(0, true));   // stored: the lines before the truncation

        ChildCli.waitFor("the line after the truncation again", () -> lines.size() == 1);
        assertThat(lines).containsExactly("again 1");
    }

    @Test
    void aTruncatedLogIsReadAgainFromItsStart() throws IOException {
        Path file = write(dir.resolve("events.log"), "first 1\nfirst 2\n");
        follow(file);
        ChildCli.waitFor("the first lines", () -> lines.size() == 2);

        write(file, "");
        ChildCli.waitFor("the truncation to be seen", () -> notes.toString().contains("it was truncated"));
        append(file, "again 1\n");

        ChildCli.waitFor("the line after the truncation", () -> lines.size() == 3);
        assertThat(lines).containsExactly("first 1", "first 2", "again 1");
    }

    @Test
    void aLogRemovedAndNotYetCreatedAgainIsStillReadThenTheNewOne() throws IOException {
        Path file = write(dir.resolve("events.log"), "old 1\n");
        follow(file);
        ChildCli.waitFor("the first line", () -> lines.size() == 1);

        Path rotated = Files.move(file, dir.resolve("events.log.1"));
        ChildCli.waitFor("the note that it is gone", () -> notes.toString().contains("it is gone"));
        append(rotated, "old 2\n");
        ChildCli.waitFor("the line written to the renamed file", () -> lines.size() == 2);
        write(file, "new 1\n");

        ChildCli.waitFor("the new file's line", () -> lines.size() == 3);
        assertThat(lines).containsExactly("old 1", "old 2", "new 1");
    }

    @Test
    void theStreamEndsOnlyWhenToldToStop() throws Exception {
        Path file = write(dir.resolve("events.log"), "one\n");
        follow(file);
        ChildCli.waitFor("the line", () -> lines.size() == 1);
        Thread.sleep(3 * FollowedLog.POLL_MILLIS);
        assertThat(reading).isNotDone();

        stop.set(true);

        reading.get(1, TimeUnit.MINUTES);
        assertThat(lines).containsExactly("one");
    }

    @Test
    void aStopBeforeTheEndLeavesWholeLinesUnread() throws Exception {
        Path file = write(dir.resolve("events.log"), "one\ntwo\n");
        stop.set(true);
        follow(file);

        reading.get(1, TimeUnit.MINUTES);

        assertThat(lines).isEmpty();
        assertThat(log.unread()).isEqualTo(new FollowedLog.Unread(8, true));
    }

    @Test
    void aStopAmidALongLogEndsBetweenTwoWholeLines() throws Exception {
        List<String> written = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 3 * FollowedLog.CHUNK; i++) {
            written.add("line " + i + " " + "x".repeat(i % 50));
            text.append(written.get(i)).append('\n');
        }
        Path file = write(dir.resolve("events.log"), text.toString());
        AtomicInteger looks = new AtomicInteger();

        follow(file, () -> looks.getAndIncrement() > 0);     // stopped once the first chunk is handed out
        reading.get(1, TimeUnit.MINUTES);

        assertThat(lines).isNotEmpty().hasSizeLessThan(written.size());
        assertThat(lines).isEqualTo(written.subList(0, lines.size()));
        assertThat(log.unread().wholeLines()).isTrue();
    }

    /**
     * Stops the reader, says the first {@code stored} lines are stored, turns the log to reading
     * again, then reads it afresh into an emptied list; where it went back to.
     */
    private FollowedLog.Again readAgain(long stored) throws Exception {
        stop.set(true);
        reading.get(1, TimeUnit.MINUTES);
        stop.set(false);
        log.stored(stored);
        FollowedLog.Again where = log.readAgain(stop::get);
        lines.clear();
        read();
        return where;
    }

    private void follow(Path file) throws IOException {
        follow(file, stop::get);
    }

    private void follow(Path file, BooleanSupplier until) throws IOException {
        log = FollowedLog.open(file, new PrintWriter(notes, true), until);
        read();
    }

    private void read() {
        reading = CompletableFuture.runAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(log, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }                                                // left open: the test asks what was not read
        });
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
