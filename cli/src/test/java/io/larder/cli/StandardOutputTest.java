package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Output that cannot be written ({@code /dev/full}: no space left on the device) fails the command, never silently. */
class StandardOutputTest {
    @TempDir
    Path data;
    private Cli cli;

    @BeforeEach
    void importChat() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            lines.add(Events.message(100 + i, 111, 7 + i % 5, "阿白", EIGHT_AM + i, "消息 " + i));
        }
        cli = Cli.holding(data, lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"export", "query --group 111 --latest 20", "prompt --group 111", "stats"})
    void aCommandWhoseOutputCannotBeWrittenFailsAndSaysWhy(String command) throws FileNotFoundException {
        Cli.Result r = cli.runTo(CheckedPrintWriter.of(new FileOutputStream("/dev/full"), "standard output"),
                command.split(" "));

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write to standard output: No space left on device")
                .doesNotContain("exported", "Exception");
    }

    @Test
    void outputThatAPlainWriterSwallowedStillFailsTheRun() throws FileNotFoundException {
        Cli.Result r = cli.runTo(new PrintWriter(new FileOutputStream("/dev/full"), true), "stats");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write to standard output");
    }
}
