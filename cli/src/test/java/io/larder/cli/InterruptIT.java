package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) sent to a {@code larder} process: the command stops at a safe point, says what
 * it stored and that running it again resumes, exits 130, and leaves no temporary file behind.
 */
class InterruptIT {
    private static final int MESSAGES = 250_000;
    private static final Pattern STORED = Pattern.compile("at least the first ([0-9,]+) lines were stored \\(([0-9,]+) new messages\\)");

    @TempDir
    static Path shared;
    private static Path events;

    @TempDir
    Path data;
    @TempDir
    Path logs;

    @BeforeAll
    static void writeALongLog() throws IOException {
        events = Events.writeLog(shared.resolve("events.jsonl"), MESSAGES, 1_000_000, 7, 50);
    }

    @Test
    void anInterruptedImportSaysWhatItStoredAndRunningItAgainResumesWithoutLossOrDuplicates() throws Exception {
        ChildCli.Child child = new ChildCli(data, logs).start(ProcessBuilder.Redirect.PIPE,
                ProcessBuilder.Redirect.DISCARD, "import", "-");
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(child.process()));
        ChildCli.waitFor("the first progress line", () -> child.err().contains("lines"));

        child.interrupt();

        assertThat(child.await()).as(child.err()).isEqualTo(Interrupted.EXIT_CODE);
        feeding.join();
        Matcher stored = STORED.matcher(child.err());
        assertThat(stored.find()).as(child.err()).isTrue();
        assertThat(child.err()).contains("larder import: interrupted: of standard input",
                "Run the same command again to resume").doesNotContain("closed", "Exception");
        long taken = Long.parseLong(stored.group(2).replace(",", ""));
        assertThat(taken).isPositive().isLessThan(MESSAGES);

        Cli.Result again = new Cli(data).run("import", events.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("messages  " + HumanFormat.count(MESSAGES - taken) + " new, "
                + HumanFormat.count(taken) + " already archived");
    }

    @Test
    void anInterruptedExportLeavesNeitherItsTemporaryFileNorAHalfTarget() {
        Cli.Result imported = new Cli(data).run("import", events.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        Path out = logs.resolve("out.jsonl");
        ChildCli.Child child = new ChildCli(data, logs).start(ProcessBuilder.Redirect.from(new File("/dev/null")),
                ProcessBuilder.Redirect.DISCARD, "export", "-o", out.toString());
        ChildCli.waitFor("the export's temporary file", () -> temporaryFiles(logs).stream().anyMatch(f -> f.toFile().length() > 0));

        child.interrupt();

        assertThat(child.await()).as(child.err()).isEqualTo(Interrupted.EXIT_CODE);
        assertThat(child.err()).contains("larder export: interrupted");
        assertThat(temporaryFiles(logs)).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void aCommandWaitingForInputIsStoppedAndToldWhatWasKept() throws Exception {
        ChildCli.Child child = new ChildCli(data, logs).start(ProcessBuilder.Redirect.PIPE,
                ProcessBuilder.Redirect.DISCARD, "import", "-");
        Writer stdin = new OutputStreamWriter(child.process().getOutputStream(), StandardCharsets.UTF_8);
        stdin.write(Events.message(1, 111, 7, "阿白", EIGHT_AM, "早") + "\n");
        stdin.flush();
        ChildCli.waitFor("the import to begin", () -> child.err().contains("importing standard input"));
        Thread.sleep(300);                                   // and to block, reading more

        child.interrupt();

        assertThat(child.await()).as(child.err()).isEqualTo(Interrupted.EXIT_CODE);
        assertThat(child.err()).contains("stopped before the command reached a point where it stops by itself (waiting for input",
                "what was written before is kept", "Run the same command again to resume");
        stdin.close();
    }

    private static void feed(Process child) {
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8))) {
            for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
                w.write(line);
                w.write('\n');
            }
        } catch (IOException stopped) {
            // the child stopped reading: that is what the test waits for
        }
    }

    private static List<Path> temporaryFiles(Path dir) {
        try (Stream<Path> all = Files.list(dir)) {
            return new ArrayList<>(all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
