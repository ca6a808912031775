package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.DailyCount;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code larder stats}: messages per day of each group, and the totals. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints messages per day of each group, and the totals.",
                "Days are Asia/Shanghai days. Counted when first archived: re-imports do not count twice, "
                        + "recalls do not uncount. --rebuild counts every message again (slow: it reads them all)."})
final class StatsCommand implements Callable<Integer> {
    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 30);
    private static final int BAR_WIDTH = 30;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-g", "--group"}, paramLabel = "ID", description = "a group (repeatable; default: every group)")
    private @Nullable List<String> groups;

    @Option(names = "--from", paramLabel = "DAY", description = "first day, e.g. 2026-11-01")
    private @Nullable LocalDate from;

    @Option(names = "--to", paramLabel = "DAY", description = "last day, included")
    private @Nullable LocalDate to;

    @Option(names = "--totals", description = "one line a group, without the days")
    private boolean totalsOnly;

    @Option(names = "--json", description = "one JSON document instead of the table: {\"zone\",\"groups\":[{\"group\","
            + "\"messages\",\"first_day\",\"last_day\",\"days\":[{\"day\",\"messages\"}]}],\"total\":{\"groups\",\"messages\","
            + "\"group_days\"}}; --totals leaves out the days")
    private boolean json;

    @Option(names = "--rebuild", description = "count every message again first and store the counts and the senders' "
            + "groups (for an archive whose counts were lost, copied without them, or left short by a killed import)")
    private boolean rebuild;

    @Mixin
    private StoreOptions store;

    @Override
    public Integer call() {
        LocalDate first = from == null ? EARLIEST : from;
        LocalDate last = to == null ? LATEST : to;
        if (last.isBefore(first)) {
            throw new ParameterException(spec.commandLine(), "--from " + first + " is after --to " + last);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = store.open()) {
            ChatArchive archive = ChatArchive.open(session.larder());
            if (rebuild) {
                long counted = archive.rebuildCounts();
                spec.commandLine().getErr().println("rebuilt the daily counts and the senders' groups from "
                        + HumanFormat.count(counted) + " messages");
            }
            List<String> chosen = Groups.chosenOrAll(archive, groups);
            Map<String, List<DailyCount>> byGroup = new LinkedHashMap<>();
            for (String g : chosen) {
                byGroup.put(g, archive.dailyCounts(g, first, last));
            }
            if (json) {
                out.println(StatsJson.of(archive.zone(), byGroup, !totalsOnly));
                return 0;
            }
            long total = 0;
            long days = 0;
            for (Map.Entry<String, List<DailyCount>> e : byGroup.entrySet()) {
                long sum = StatsJson.sum(e.getValue());
                total += sum;
                days += e.getValue().size();
                printGroup(out, e.getKey(), e.getValue(), sum);
            }
            out.println("total: " + chosen.size() + (chosen.size() == 1 ? " group, " : " groups, ") + HumanFormat.count(total)
                    + " messages over " + HumanFormat.count(days) + " group-days");
        }
        return 0;
    }

    private void printGroup(PrintWriter out, String group, List<DailyCount> counts, long sum) {
        if (counts.isEmpty()) {
            out.println("group " + group + ": no messages");
            return;
        }
        DailyCount busiest = counts.stream().max(Comparator.comparingLong(DailyCount::messages)).orElseThrow();
        out.println("group " + group + ": " + HumanFormat.count(sum) + " messages, " + counts.size()
                + (counts.size() == 1 ? " day" : " days") + " (" + counts.get(0).day() + " … "
                + counts.get(counts.size() - 1).day() + "), busiest " + busiest.day() + " with "
                + HumanFormat.count(busiest.messages()));
        if (totalsOnly) {
            return;
        }
        int width = HumanFormat.count(busiest.messages()).length();
        for (DailyCount c : counts) {
            String n = HumanFormat.count(c.messages());
            int bar = (int) Math.round((double) c.messages() / busiest.messages() * BAR_WIDTH);
            out.println("  " + c.day() + "  " + " ".repeat(width - n.length()) + n + "  " + "▇".repeat(Math.max(bar, 1)));
        }
    }
}
