package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code larder COMMAND > /dev/full} in a process of its own, as a shell runs it: exit 1 and the reason, never 0. */
class StandardOutputIT {
    @TempDir
    Path data;
    @TempDir
    Path logs;

    @BeforeEach
    void importChat() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            lines.add(Events.message(100 + i, 111, 7 + i % 5, "阿白", EIGHT_AM + i, "消息 " + i));
        }
        Cli.Result r = new Cli(data).run("import", Cli.write(data.resolve("events.jsonl"), lines).toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"export", "query --group 111 --latest 20", "prompt --group 111", "stats"})
    void aCommandWritingToAFullDeviceExitsOneAndSaysWhy(String command) {
        ChildCli.Result r = new ChildCli(data, logs).run(ProcessBuilder.Redirect.to(new File("/dev/full")), command.split(" "));

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write to standard output: No space left on device").doesNotContain("exported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "import --help", "--version"})
    void helpOrVersionThatCannotBeWrittenExitsOneWithAReasonNotAStackTrace(String command) {
        ChildCli.Result r = new ChildCli(data, logs).run(ProcessBuilder.Redirect.to(new File("/dev/full")), command.split(" "));

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("larder: cannot write to standard output: No space left on device")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
