package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UTF-8 fed on standard input of a real process with another {@code --encoding}: refused whole
 * from the start it peeks at, before anything is stored, so the same input with the right encoding
 * then stores every message.
 */
class ImportEncodingIT {
    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void utf8OnStandardInputGivenGbkIsRefusedAndNothingIsStored() throws IOException {
        Path events = Cli.write(logs.resolve("events.jsonl"), IntStream.range(0, 500)
                .mapToObj(i -> Events.message(5_000 + i, 111, 7 + i % 9, "运营·小明", EIGHT_AM + i, "第 " + i + " 条")).toList());
        ChildCli children = new ChildCli(data, logs.resolve("stderr"));

        ChildCli.Child refused = children.start(ProcessBuilder.Redirect.from(events.toFile()), ProcessBuilder.Redirect.DISCARD,
                "import", "-", "--encoding", "GBK");
        int refusedCode = refused.await();
        Cli.Result right = new Cli(data).run("import", events.toString());

        assertThat(refusedCode).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("larder import: standard input is UTF-8 text, not GBK",
                "import it without --encoding").doesNotContain("Exception");
        assertThat(right.code()).as(right.err()).isZero();
        assertThat(right.out()).contains("messages  500 new, 0 already archived");
        assertThat(new Cli(data).run("query", "--group", "111").out()).contains("运营·小明: 第 0 条");
    }
}
