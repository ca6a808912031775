package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.larder.chat.TokenEstimator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptCommandTest {
    @TempDir
    Path data;
    private Cli cli;

    @BeforeEach
    void importChat() {
        cli = Cli.holding(data, List.of(
                Events.message(101, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(102, 111, 10001, "小助手", EIGHT_AM + 60, "早上好，有什么可以帮你？"),
                Events.message(103, 111, 7, "阿白", EIGHT_AM + 120, "帮我总结一下 @8")));
    }

    @Test
    void promptStaysWithinItsBudget() {
        Cli.Result r = cli.run("prompt", "--group", "111", "--budget", "40");          // the newest line is 21 tokens, the one before 26

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(TokenEstimator.cjkAware().estimate(r.out().strip())).isLessThanOrEqualTo(40);
        assertThat(r.lines()).containsExactly("[2026-11-01 08:02] 阿白: 帮我总结一下 @8");
        assertThat(r.err()).contains("group 111: 1 message, 21 of 40 tokens (older messages left out, or a long one cut)");
    }

    @Test
    void aBudgetTooSmallForOneMessageShowsItCut() {
        Cli.Result r = cli.run("prompt", "--group", "111", "--budget", "12");

        assertThat(TokenEstimator.cjkAware().estimate(r.out().strip())).isLessThanOrEqualTo(12);
        assertThat(r.out()).startsWith("[2026-11-01 08:02]").endsWith("…\n");
    }

    @Test
    void aGenerousPromptHoldsTheWholeGroupOldestFirst() {
        Cli.Result r = cli.run("prompt", "--group", "111", "--budget", "2000");

        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(0)).isEqualTo("[2026-11-01 08:00] 阿白: 早上好");
        assertThat(r.err()).contains("3 messages", "(all that match)");
    }

    @ParameterizedTest
    @CsvSource({"o200k, O200K_BASE", "cl100k, CL100K_BASE"})
    void theBudgetIsCountedWithTheTokenizerChosen(String tokenizer, EncodingType encoding) {
        Cli.Result r = cli.run("prompt", "--group", "111", "--budget", "30", "--tokenizer", tokenizer);

        assertThat(r.code()).as(r.err()).isZero();
        int exact = Encodings.newLazyEncodingRegistry().getEncoding(encoding).countTokensOrdinary(r.out().strip());
        assertThat(exact).isLessThanOrEqualTo(30);
        assertThat(r.err()).contains(exact + " of 30 tokens");
    }

    @Test
    void aLongMessageIsCutAndOlderOnesThatFitAreStillShown() {
        Path paste = Cli.write(data.resolve("paste.jsonl"), List.of(
                Events.message(104, 111, 8, "小明", EIGHT_AM + 180, "日志".repeat(3000)),
                Events.message(105, 111, 7, "阿白", EIGHT_AM + 240, "太长了")));
        cli.run("import", paste.toString());

        Cli.Result r = cli.run("prompt", "--group", "111", "--budget", "300");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(5);
        assertThat(r.lines().get(0)).isEqualTo("[2026-11-01 08:00] 阿白: 早上好");
        assertThat(r.lines().get(3)).startsWith("[2026-11-01 08:03] 小明: 日志").endsWith("…");
        assertThat(r.err()).contains("5 messages");
    }
}
