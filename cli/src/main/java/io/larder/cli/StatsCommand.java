package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.DailyCount;
import io.larder.chat.GroupCount;
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
                        + "recalls do not uncount. --rebuild counts every message again (slow: it reads them all).",
                "Each group's counts are checked against what its stores hold: when they are short (an import "
                        + "failed or was killed after storing a batch, and was not run again), the groups are named "
                        + "and the exit code is 1."})
final class StatsCommand implements Callable<Integer> {
    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 30);
    private static final int BAR_WIDTH = 30;
    /** Short groups named one by one; the rest are counted. */
    private static final int SHORT_SHOWN = 10;
    /** How long a batch being written may take to be counted after it is stored, before a short group is read again. */
    private static final long RECHECK_AFTER_MILLIS = 500;

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
            } else {
                printTable(out, byGroup);
            }
            return rebuild ? 0 : checkCounts(archive, chosen);
        }
    }

    private void printTable(PrintWriter out, Map<String, List<DailyCount>> byGroup) {
        long total = 0;
        long days = 0;
        for (Map.Entry<String, List<DailyCount>> e : byGroup.entrySet()) {
            long sum = StatsJson.sum(e.getValue());
            total += sum;
            days += e.getValue().size();
            printGroup(out, e.getKey(), e.getValue(), sum);
        }
        out.println("total: " + byGroup.size() + (byGroup.size() == 1 ? " group, " : " groups, ") + HumanFormat.count(total)
                + " messages over " + HumanFormat.count(days) + " group-days");
    }

    /**
     * Names on standard error the groups whose daily counts miss messages their stores hold, and
     * returns 1 if there are any, else 0. Groups found short are read again a moment later, so a batch
     * another process was writing (stored, not counted yet) is not taken for a loss.
     */
    private int checkCounts(ChatArchive archive, List<String> chosen) {
        List<String> suspects = chosen.stream().filter(g -> archive.checkCounts(g).isShort()).toList();
        if (suspects.isEmpty()) {
            return 0;
        }
        try {
            Thread.sleep(RECHECK_AFTER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted("interrupted while checking the daily counts");
        }
        List<GroupCount> found = suspects.stream().map(archive::checkCounts).filter(GroupCount::isShort).toList();
        if (found.isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        long missing = found.stream().mapToLong(GroupCount::missing).sum();
        err.println("the daily counts of " + HumanFormat.count(found.size()) + (found.size() == 1 ? " group" : " groups") + " miss "
                + HumanFormat.count(missing) + (missing == 1 ? " message" : " messages")
                + " their stores hold: an import failed or was killed after storing them. Running that import again,"
                + " or 'larder stats --rebuild', counts them again");
        for (GroupCount c : found.subList(0, Math.min(found.size(), SHORT_SHOWN))) {
            err.println("  group " + c.groupId() + ": " + HumanFormat.count(c.counted()) + " counted, "
                    + HumanFormat.count(c.stored()) + " stored");
        }
        if (found.size() > SHORT_SHOWN) {
            err.println("  and " + HumanFormat.count(found.size() - SHORT_SHOWN) + " more groups");
        }
        return 1;
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
