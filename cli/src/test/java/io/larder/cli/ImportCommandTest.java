package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
    @TempDir
    Path data;

    private Path events() {
        return Cli.write(data.resolve("in/events.jsonl"), List.of(
                Events.message(1, 111, 7, "阿白", EIGHT_AM, "早上好"),
                "{\"time\":1793491201,\"post_type\":\"message\",\"message_type\":\"gr",
                Events.heartbeat(EIGHT_AM + 2),
                "{\"time\":1793491203,\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":9}",
                Events.message(2, 111, 8, "小明", EIGHT_AM + 4, "吃了吗 🍜"),
                Events.recall(2, 111, 8, EIGHT_AM + 5)));
    }

    @Test
    void malformedLinesAreReportedByNumberAndTheImportSucceeds() {
        Cli.Result r = new Cli(data).run("import", events().toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("6 lines", "messages  2 new, 0 already archived", "recalls   1 applied",
                "meta_event.heartbeat 1", "refused   2 lines", "line 2: malformed JSON", "line 4: ");
    }

    @Test
    void importingTheSameFileAgainAddsNothing() {
        Cli cli = new Cli(data);
        cli.run("import", events().toString());
        Cli.Result again = cli.run("import", events().toString());

        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("messages  0 new, 2 already archived", "recalls   0 applied, 1 already applied");
    }

    @Test
    void aMissingFileFailsWithOneLineAndNoStackTrace() {
        Cli.Result r = new Cli(data).run("import", data.resolve("nope.jsonl").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).containsExactly("larder import: no such file: " + data.resolve("nope.jsonl"));
    }

    @Test
    void aMissingFileShowsTheStackTraceWithVerbose() {
        Cli.Result r = new Cli(data).run("import", data.resolve("nope.jsonl").toString(), "--verbose");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("NoSuchFileException", "\tat ");
    }

    @Test
    void noFileIsBadUsage() {
        Cli.Result r = new Cli(data).run("import");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter", "Try 'larder import --help'");
    }
}
