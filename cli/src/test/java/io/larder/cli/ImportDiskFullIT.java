package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import on the embedded memory backend whose log cannot be written (a file size limit, as a
 * full disk): it fails with exit 1 and advice true for that backend, the disk holding its log,
 * not the replicas of a Redis master.
 */
class ImportDiskFullIT {
    private static final int MESSAGES = 5_000;

    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void anImportWhoseLogCannotBeWrittenSaysToRunItAgainOnceTheLogCanBeWritten() throws IOException {
        Path events = Events.writeLog(logs.resolve("events.jsonl"), MESSAGES, 3_000_000, 5, 40);

        ChildCli.Result r = new ChildCli(data, logs.resolve("stderr"))
                .runWithFileSizeLimit(300, ProcessBuilder.Redirect.DISCARD, "import", events.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("larder import: ", "cannot be written (File too large)",
                "Run the same command again once its log " + data.resolve("larder.snapshot.0.log") + " can be written again")
                .doesNotContain("a replica that confirms writes", "\tat ");
    }
}
