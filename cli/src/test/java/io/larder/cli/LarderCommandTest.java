package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LarderCommandTest {
    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"demo", "import", "query", "export", "prompt", "stats", "health", "migrate", "backup", "restore"})
    void everyCommandExplainsItselfWithHelp(String command) {
        Cli.Result r = new Cli(data).raw(command, "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: larder " + command, "--config", "--help");
    }

    @Test
    void theRootListsTheCommands() {
        Cli.Result r = new Cli(data).raw("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo", "import", "query", "export", "prompt", "stats", "health", "migrate", "backup",
                "restore");
    }

    @Test
    void noCommandIsBadUsage() {
        Cli.Result r = new Cli(data).raw();

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: larder");
    }

    @Test
    void anUnknownOptionIsBadUsageWithAHint() {
        Cli.Result r = new Cli(data).run("query", "--lastest", "3");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown options: '--lastest'", "--latest", "Try 'larder query --help'");
    }

    @Test
    void serveRefusesAnAccessTokenVariableThatIsSetButEmptyRatherThanServeOpen() {
        Cli.Result r = new Cli(data).env(ServeCommand.TOKEN_VARIABLE, "  ").run("serve", "--port", "0");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("$LARDER_ACCESS_TOKEN is set but empty");
        assertThat(r.err()).doesNotContain("listening");
    }

    @Test
    void aDataFolderThatIsAFileIsNamedInWordsNotByAnExceptionsClass() {
        Path file = Cli.write(data.resolve("afile"), List.of("not a folder"));
        Cli.Result r = new Cli(file).run("stats");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(file + " is a file, where a folder is needed").doesNotContain("Exception");
    }

    @Test
    void healthReportsUpAndWhereTheRecordsAre() {
        Cli.Result r = new Cli(data).run("health");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("UP  memory (snapshot " + data.resolve("larder.snapshot") + ")")
                .contains("classpath:larder-default.yaml", "backend", "memory");
    }

    @Test
    void healthCountsTheRecordsAMemoryStoreHoldsFromEarlierRuns() {
        Cli cli = new Cli(data);
        Path log = Cli.write(data.resolve("events.jsonl"), List.of(
                Events.message(1, 111, 7, "阿白", Events.EIGHT_AM, "早上好"),
                Events.message(2, 111, 8, "小明", Events.EIGHT_AM + 4, "吃了吗")));
        assertThat(cli.run("import", log.toString()).code()).isZero();

        Cli.Result r = cli.run("health");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^  records +[1-9]").doesNotContainPattern("(?m)^  stores +0$");
    }

    @Test
    void healthOfAServerThatDoesNotAnswerIsDown() {
        Path config = Cli.write(data.resolve("redis.yaml"), List.of(
                "larder:", "  backend: { type: redis, port: 1, timeouts: { connect: 1s, command: 1s } }"));

        Cli.Result r = new Cli(data).run("health", "--config", config.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("DOWN  redis (localhost:1)").contains("reason");
    }

    @Test
    void theDataFolderMayComeFromTheEnvironment() {
        Cli.Result r = new Cli(data.resolve("unused")).env("LARDER_DATA", data.resolve("env").toString())
                .raw("health");

        assertThat(r.out()).contains("snapshot " + data.resolve("env").resolve("larder.snapshot"));
    }

    @Test
    void anUnknownProfileFailsListingTheProfilesTheFileDefines() {
        Path config = Cli.write(data.resolve("larder.yaml"), List.of(
                "larder:", "  backend: { type: memory }",
                "environments:", "  development: { larder: { backend: { type: memory } } }",
                "  production: { larder: { backend: { type: memory } } }"));

        Cli.Result r = new Cli(data).run("health", "--config", config.toString(), "--profile", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("larder health: ").contains("staging", "development", "production")
                .doesNotContain("\tat ");
    }

    @Test
    void everyProblemOfABadFileIsReportedWithoutAStackTrace() {
        Path config = Cli.write(data.resolve("bad.yaml"), List.of(
                "larder:", "  backend: { type: memroy, port: 99999 }"));

        Cli.Result r = new Cli(data).run("health", "--config", config.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("memroy", "99999").doesNotContain("\tat ", "--verbose");
    }

    @Test
    void aMissingConfigurationFileFails() {
        Cli.Result r = new Cli(data).run("stats", "--config", data.resolve("none.yaml").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).containsExactly("larder stats: configuration file not found: " + data.resolve("none.yaml"));
    }

    @Test
    void anEmptyArchiveSaysHowToFillIt() {
        Cli.Result r = new Cli(data).run("query", "--latest", "3");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("run 'larder import FILE' or 'larder demo' first");
    }
}
