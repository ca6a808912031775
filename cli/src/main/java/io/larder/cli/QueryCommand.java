package io.larder.cli;

import io.larder.Page;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatQuery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code larder query}: messages of one group, one a line with its id, oldest first. Modes: a
 * time range ({@code --from}/{@code --to}, the default), the latest N ({@code --latest}), the page
 * before a message ({@code --before}); {@code --sender} narrows a range or the latest to one sender.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints messages of a group, oldest first, each with its id.",
                "Modes: a time range (--from/--to, the default), the latest N (--latest, within --from/--to if "
                        + "given), the messages just before one (--before). --sender narrows a range or the latest to one "
                        + "sender. Times without an offset are in --zone (Asia/Shanghai unless it says otherwise)."},
        footer = {"", "Examples:", "  larder query --group 600000359 --from 2026-11-01 --to '2026-11-01 12:00'",
                "  larder query --group 600000359 --latest 20 --sender 20000528",
                "  larder query --group 600000359 --before=-974745564 --limit 10"})
final class QueryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-g", "--group"}, paramLabel = "ID", description = "the group (optional when the archive holds one)")
    private @Nullable String group;

    @Option(names = "--latest", paramLabel = "N", description = "the newest N messages (of the range, if given)")
    private @Nullable Integer latest;

    @Option(names = "--before", paramLabel = "MESSAGE_ID",
            description = "the messages sent just before this one (negative ids: --before=-123)")
    private @Nullable String before;

    @Option(names = "--sender", paramLabel = "USER_ID", description = "only this sender's messages (range and latest)")
    private @Nullable String sender;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50",
            description = "most messages printed for a range or --before (default: ${DEFAULT-VALUE})")
    private int limit;

    @Option(names = "--deleted", description = "show recalled (soft-deleted) messages too (range and latest)")
    private boolean deleted;

    @Mixin
    private TimeRange range;
    @Mixin
    private StoreOptions store;

    @Override
    public Integer call() {
        int n = latest != null ? latest : limit;
        if (n < 1 || n > ChatQuery.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "the count must be 1.." + ChatQuery.MAX_LIMIT + ", got " + n);
        }
        if (before != null && (latest != null || range.isSet() || sender != null || deleted)) {
            throw new ParameterException(spec.commandLine(),
                    "--before pages back from one message: drop --latest, --from, --to, --sender and --deleted");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = store.open()) {
            ChatArchive archive = ChatArchive.open(session.larder());
            String g = Groups.choose(archive, group, spec);
            MessageLines lines = new MessageLines(archive, range.zone());
            Page<ChatMessage> page;
            List<ChatMessage> shown;
            if (before != null) {
                page = archive.before(g, before, n);
                shown = reversed(page.items());
            } else if (latest != null) {
                page = archive.list(base(g).newestFirst().limit(n));
                shown = reversed(page.items());
            } else {
                page = archive.list(base(g).limit(n));
                shown = page.items();
            }
            shown.forEach(m -> out.println(lines.withId(m)));
            if (shown.isEmpty()) {
                out.println("(no messages in group " + g + " match)");
            } else if (page.next().isPresent()) {
                out.println(latest != null || before != null
                        ? "(older messages: query --before=" + shown.get(0).id() + ")"
                        : "(more messages in the range: raise --limit or query --from a later time)");
            }
        }
        return 0;
    }

    private ChatQuery base(String g) {
        ChatQuery q = range.narrow(ChatQuery.group(g));
        if (sender != null) {
            q = q.sender(sender);
        }
        return deleted ? q.includeDeleted() : q;
    }

    private static List<ChatMessage> reversed(List<ChatMessage> newestFirst) {
        List<ChatMessage> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
