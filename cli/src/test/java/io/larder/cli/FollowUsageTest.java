package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code larder import --follow} refuses before it follows anything: several files, standard
 * input, a directory, gzip, something other than a regular file (bad usage, exit 2); a file that
 * does not exist yet or is not text (exit 1). The follow itself runs in {@link FollowIT}; a usage
 * error missed here would start one that never ends in-process, hence the time limit.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FollowUsageTest {
    @TempDir
    Path data;

    private Path log(String name) {
        return Cli.write(data.resolve(name), List.of(Events.message(1, 111, 7, "阿白", EIGHT_AM, "早")));
    }

    @Test
    void severalFilesAreBadUsage() {
        Cli.Result r = new Cli(data).run("import", "--follow", log("a.jsonl").toString(), log("b.jsonl").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("larder import: --follow reads one FILE, got 2", "Try 'larder import --help'");
    }

    @Test
    void standardInputIsBadUsage() {
        Cli.Result r = new Cli(data).run("import", "--follow", "-");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("standard input is read as it comes without it (larder import -)");
    }

    @Test
    void aDirectoryIsBadUsage() throws IOException {
        Path dir = Files.createDirectories(data.resolve("logs"));

        Cli.Result r = new Cli(data).run("import", "--follow", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--follow reads one log file, not a directory: " + dir);
    }

    @Test
    void gzipIsBadUsageByNameOrByContent() throws IOException {
        Path named = data.resolve("events.jsonl.gz");
        Path unnamed = data.resolve("events-compressed.jsonl");
        for (Path file : List.of(named, unnamed)) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write((Events.message(1, 111, 7, "阿白", EIGHT_AM, "早") + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        for (Path file : List.of(named, unnamed)) {
            Cli.Result r = new Cli(data).run("import", "--follow", file.toString());

            assertThat(r.code()).as(file.toString()).isEqualTo(2);
            assertThat(r.err()).contains(file + " is gzip, which does not grow: import it without --follow");
        }
    }

    @Test
    void aPipeIsBadUsage() throws Exception {
        Path fifo = data.resolve("events.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();

        Cli.Result r = new Cli(data).run("import", "--follow", fifo.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--follow reads a regular file, and " + fifo + " is not one");
    }

    @Test
    void aFileNotThereYetFailsSayingToCreateIt() {
        Path missing = data.resolve("not-yet.jsonl");

        Cli.Result r = new Cli(data).run("import", "--follow", missing.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("larder import: no such file: " + missing, "touch " + missing)
                .doesNotContain("Exception");
    }

    @Test
    void aFileThatIsNotTextIsRefusedByName() throws IOException {
        Path file = data.resolve("utf16.jsonl");
        Files.write(file, ("\uFEFF" + Events.message(1, 111, 7, "阿白", EIGHT_AM, "早") + "\n").getBytes(StandardCharsets.UTF_16LE));

        Cli.Result r = new Cli(data).run("import", "--follow", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("refused " + file + ": it is UTF-16 text");
    }

    @Test
    void aUtf8LogGivenAnotherEncodingIsRefusedBeforeItIsFollowed() {
        Path file = log("utf8.jsonl");

        Cli.Result r = new Cli(data).run("import", "--follow", file.toString(), "--encoding", "GBK");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("refused " + file + ": it is UTF-8 text, not GBK");
    }

    @Test
    void theHelpSaysHowAFollowEnds() {
        Cli.Result r = new Cli(data).raw("import", "--help");

        assertThat(r.code()).isZero();
        assertThat(String.join(" ", r.out().split("\\s+"))).contains("--follow", "as tail -F does",
                "Ctrl-C or SIGTERM ends it", "FILE must exist when it starts");
    }

    /** As {@link FollowIT#aFollowGoesBackOnlyToTheFirstLineNotKnownToBeStored} shows it does. */
    @Test
    void theHelpSaysAFollowGoesBackAfterAnOutageToTheFirstLineNotSaidToBeStored() {
        Cli.Result r = new Cli(data).raw("import", "--help");

        String help = String.join(" ", r.out().split("\\s+"));
        assertThat(help).contains("reads the log again from the first line its progress reports had not said was stored")
                .doesNotContain("reads the log again from its start once it answers");
    }
}
