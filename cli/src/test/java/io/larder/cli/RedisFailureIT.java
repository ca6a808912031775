package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Redis that does not answer, or dies during an import: the message says what happened, what was stored, and how to resume. */
class RedisFailureIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    private static final Pattern TOTAL = Pattern.compile("total: 1 group, ([0-9,]+) messages");

    @TempDir
    Path data;
    @TempDir
    Path logs;

    @AfterEach
    void bringItBack() {
        if (!REDIS.get().process().isAlive()) {
            REDIS.get().process().restart();
        }
        REDIS.get().flushAll();
    }

    private Path config(int port) {
        return Cli.write(data.resolve("larder-" + port + ".yaml"), List.of(
                "larder:",
                "  backend: { type: redis, host: 127.0.0.1, port: " + port + ", timeouts: { connect: 2s, command: 2s } }"));
    }

    @Test
    void aServerNobodyAnswersIsNamedWithWhatTheDriverSaw() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path events = Cli.write(data.resolve("events.jsonl"), List.of(Events.message(1, 111, 7, "阿白", EIGHT_AM, "早")));

        Cli.Result r = new Cli(data).run("import", events.toString(), "--config", config(port).toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Redis at 127.0.0.1:" + port + " is unavailable", "Connection refused")
                .doesNotContain("Exception", "--verbose");
    }

    @Test
    void aServerLostDuringAnImportIsReportedWithWhatWasStoredAndHowToResume() throws IOException {
        Path config = config(REDIS.get().port());
        ChildCli.Child child = new ChildCli(data, logs).start(ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.DISCARD,
                "import", "-", "--config", config.toString());
        Writer stdin = new OutputStreamWriter(child.process().getOutputStream(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2100; i++) {
            lines.add(Events.message(i + 1, 111, 7 + i % 9, "群友", EIGHT_AM + i, "第 " + i + " 条"));
        }
        for (String line : lines.subList(0, 1500)) {
            stdin.write(line + "\n");
        }
        stdin.flush();
        ChildCli.waitFor("the first thousand messages in Redis", () -> stored(config) >= 1000);

        REDIS.get().process().kill();
        try {
            for (String line : lines.subList(1500, 2100)) {
                stdin.write(line + "\n");
            }
            stdin.close();
        } catch (IOException stoppedReading) {
            // the import stores within a second of reading, so it may have met the lost server and
            // ended before the rest was written: what it says about it is checked below
        }

        assertThat(child.await()).isEqualTo(1);
        assertThat(child.err()).contains("Redis at 127.0.0.1:" + REDIS.get().port() + " is unavailable",
                "of standard input at least the first 1,000 lines were stored (1,000 new messages)",
                "Run the same command again to resume: messages already archived are skipped")
                .doesNotContain("Exception", "this Larder is closed", "--verbose");
    }

    @Test
    void writesNoReplicaConfirmsSayToRunAgainOnceAReplicaDoes() {
        Path config = Cli.write(data.resolve("larder-replica.yaml"), List.of("larder:", "  backend: { type: redis, "
                + "host: 127.0.0.1, port: " + REDIS.get().port() + ", durability: { replicas: 1, timeout: 100ms } }"));
        Path events = Cli.write(data.resolve("events.jsonl"), List.of(Events.message(1, 111, 7, "阿白", EIGHT_AM, "早")));

        Cli.Result r = new Cli(data).run("import", events.toString(), "--config", config.toString());

        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).contains("reached Redis master", "Run the same command again once the master has a replica"
                + " that confirms writes again to resume").doesNotContain("Exception");
    }

    /** The messages {@code larder stats} counts in the archive, 0 before it has any. */
    private long stored(Path config) {
        Cli.Result r = new Cli(data).run("stats", "--totals", "--config", config.toString());
        Matcher m = TOTAL.matcher(r.out());
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : 0;
    }
}
