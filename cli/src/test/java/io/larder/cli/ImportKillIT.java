package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import on the embedded default killed with {@code SIGKILL} (no shutdown hook runs, as after
 * the OOM killer): the data folder opens again, and the same import run again stores exactly what
 * the killed one had not, with no message lost or stored twice. The daily counts are another
 * store, raised after each batch is stored: a kill between the two leaves them short by that
 * batch, and the resumed import counts those groups again, so {@code stats} is exact without
 * {@code --rebuild}.
 */
class ImportKillIT {
    private static final int MESSAGES = 200_000;
    private static final Pattern RESUMED = Pattern.compile("messages +([0-9,]+) new, ([0-9,]+) already archived");

    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void aKilledImportRunAgainStoresEveryMessageExactlyOnce() throws Exception {
        Path events = Events.writeLog(logs.resolve("events.jsonl"), MESSAGES, 2_000_000, 5, 40);
        ChildCli.Child child = new ChildCli(data, logs.resolve("stderr")).start(
                ProcessBuilder.Redirect.from(new File("/dev/null")), ProcessBuilder.Redirect.DISCARD, "import", events.toString());
        // a megabyte of log: some thousands of messages acknowledged, most of the file still to come
        ChildCli.waitFor("the import's writes to its log", () -> logBytes(data) > 1_000_000 || !child.process().isAlive());
        assertThat(child.process().isAlive()).as("still importing when killed: " + child.err()).isTrue();

        child.process().destroyForcibly();                   // SIGKILL on Linux
        assertThat(child.await()).isEqualTo(137);

        Cli.Result again = new Cli(data).run("import", events.toString());
        assertThat(again.code()).as(again.err()).isZero();
        Matcher resumed = RESUMED.matcher(again.out());
        assertThat(resumed.find()).as(again.out()).isTrue();
        long fresh = Long.parseLong(resumed.group(1).replace(",", ""));
        long kept = Long.parseLong(resumed.group(2).replace(",", ""));
        System.out.printf("IMPORT KILL: the killed import had stored %,d of %,d messages; the second stored %,d%n", kept,
                MESSAGES, fresh);
        assertThat(kept).as("messages the killed import stored").isPositive();
        assertThat(fresh + kept).isEqualTo(MESSAGES);

        Cli.Result stats = new Cli(data).run("stats", "--json");
        assertThat(stats.code()).as(stats.err()).isZero();
        JsonNode total = new ObjectMapper().readTree(stats.out()).get("total");
        assertThat(total.get("messages").asLong()).isEqualTo(MESSAGES);
    }

    private static long logBytes(Path data) {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
