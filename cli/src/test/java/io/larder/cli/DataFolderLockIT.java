package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code larder} processes on one embedded data folder: the second is refused with the
 * holder's pid, or waits for it with {@code --wait}; no import's messages are lost.
 */
class DataFolderLockIT {
    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void aSecondImportIsRefusedNamingTheHolderOrWaitsAndNothingIsLost() throws Exception {
        ChildCli.Child holder = new ChildCli(data, logs).start(ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.DISCARD,
                "import", "-");
        Writer stdin = new OutputStreamWriter(holder.process().getOutputStream(), StandardCharsets.UTF_8);
        for (int i = 0; i < 10; i++) {
            stdin.write(Events.message(i, 111, 7, "阿白", EIGHT_AM + i, "第一个进程 " + i) + "\n");
        }
        stdin.flush();
        ChildCli.waitFor("the first import to begin", () -> holder.err().contains("importing standard input"));
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            second.add(Events.message(100 + i, 222, 8, "小明", EIGHT_AM + i, "第二个进程 " + i));
        }
        Path file = Cli.write(data.resolve("second.jsonl"), second);
        Cli cli = new Cli(data);

        Cli.Result refused = cli.run("import", file.toString());

        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("in use by process " + holder.process().pid(), "--wait");

        CompletableFuture<Cli.Result> waiting = CompletableFuture.supplyAsync(() -> cli.run("import", file.toString(), "--wait"));
        Thread.sleep(1500);
        assertThat(waiting).isNotDone();
        stdin.close();
        assertThat(holder.await()).as(holder.err()).isZero();
        Cli.Result waited = waiting.get(2, TimeUnit.MINUTES);

        assertThat(waited.code()).as(waited.err()).isZero();
        assertThat(waited.err()).contains("waiting: ");
        assertThat(cli.run("stats", "--totals").out()).contains("total: 2 groups, 20 messages");
    }
}
