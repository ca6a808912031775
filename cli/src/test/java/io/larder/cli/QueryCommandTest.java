package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryCommandTest {
    @TempDir
    Path data;
    private Cli cli;

    /** Group 111: five messages a minute apart from 08:00, the fourth recalled; group 222: one message. */
    @BeforeEach
    void importChat() {
        cli = Cli.holding(data, List.of(
                Events.message(101, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(102, 111, 8, "小明", EIGHT_AM + 60, "早，今天开会吗"),
                Events.message(103, 111, 7, "阿白", EIGHT_AM + 120, "十点开会 👍"),
                Events.message(104, 111, 8, "小明", EIGHT_AM + 180, "发错群了"),
                Events.recall(104, 111, 8, EIGHT_AM + 185),
                Events.message(105, 111, 8, "小明", EIGHT_AM + 240, "好的"),
                Events.message(201, 222, 9, "路人", EIGHT_AM, "另一个群")));
    }

    @Test
    void aRangeIncludesItsStartAndExcludesItsEnd() {
        Cli.Result r = cli.run("query", "--group", "111", "--from", "2026-11-01 08:01", "--to", "2026-11-01T08:03");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly(
                "        102  [2026-11-01 08:01] 小明: 早，今天开会吗",
                "        103  [2026-11-01 08:02] 阿白: 十点开会 👍");
    }

    @Test
    void latestShowsTheNewestOldestFirstWithoutRecalledMessages() {
        Cli.Result r = cli.run("query", "--group", "111", "--latest", "2");

        assertThat(r.lines()).containsExactly(
                "        103  [2026-11-01 08:02] 阿白: 十点开会 👍",
                "        105  [2026-11-01 08:04] 小明: 好的",
                "(older messages: query --before=103)");
    }

    @Test
    void beforeShowsTheMessagesJustBeforeOne() {
        Cli.Result r = cli.run("query", "--group", "111", "--before", "105", "--limit", "2");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).startsWith(
                "        102  [2026-11-01 08:01] 小明: 早，今天开会吗",
                "        103  [2026-11-01 08:02] 阿白: 十点开会 👍");
    }

    @Test
    void senderNarrowsToOnePerson() {
        Cli.Result r = cli.run("query", "--group", "111", "--sender", "8");

        assertThat(r.lines()).containsExactly(
                "        102  [2026-11-01 08:01] 小明: 早，今天开会吗",
                "        105  [2026-11-01 08:04] 小明: 好的");
    }

    @Test
    void recalledMessagesAreShownOnRequest() {
        Cli.Result r = cli.run("query", "--group", "111", "--sender", "8", "--deleted");

        assertThat(r.out()).contains("        104  [2026-11-01 08:03] 小明: 发错群了  (recalled)");
    }

    @Test
    void withSeveralGroupsTheGroupMustBeNamed() {
        Cli.Result r = cli.run("query", "--latest", "5");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("name a group with --group; the archive holds 111, 222");
    }

    @Test
    void beforeAnUnknownMessageFails() {
        Cli.Result r = cli.run("query", "--group", "111", "--before", "999");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).containsExactly("larder query: group 111 has no message 999");
    }

    @Test
    void modesExcludeEachOther() {
        Cli.Result r = cli.run("query", "--group", "111", "--latest", "2", "--before", "105");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--before pages back from one message");
    }

    @Test
    void latestMayBeTakenWithinARange() {
        Cli.Result r = cli.run("query", "--group", "111", "--latest", "1", "--to", "2026-11-01 08:02");

        assertThat(r.lines()).containsExactly(
                "        102  [2026-11-01 08:01] 小明: 早，今天开会吗",
                "(older messages: query --before=102)");
    }

    @Test
    void aTimeThatIsNoTimeIsBadUsage() {
        Cli.Result r = cli.run("query", "--group", "111", "--from", "yesterday");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'yesterday'");
    }

    @Test
    void statsCountsEachGroupsDays() {
        Cli.Result r = cli.run("stats");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("group 111: 5 messages, 1 day (2026-11-01 … 2026-11-01)", "  2026-11-01  5  ",
                "group 222: 1 messages", "total: 2 groups, 6 messages over 2 group-days");
    }
}
