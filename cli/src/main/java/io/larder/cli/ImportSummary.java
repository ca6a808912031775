package io.larder.cli;

import io.larder.chat.GroupCount;
import io.larder.chat.ImportReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.stream.Collectors;

/** Prints an {@link ImportReport} in a few aligned lines, with the numbers of the first refused lines. Stateless. */
final class ImportSummary {
    private static final int REASON_WIDTH = 72;

    private ImportSummary() {
    }

    /** Prints the report: {@code head} starts the first line, {@code in} the others. */
    static void print(PrintWriter out, String source, ImportReport r, Duration took, int refusalsShown, String head,
                      String in) {
        out.println(head + "imported " + source + ": " + HumanFormat.count(r.lines()) + " lines in "
                + HumanFormat.duration(took) + " (" + HumanFormat.rate(r.lines(), took) + ")");
        out.println(in + "messages  " + HumanFormat.count(r.taken()) + " new, "
                + (r.resent() > 0 ? HumanFormat.count(r.resent()) + " sent again, " : "") + HumanFormat.count(r.duplicates())
                + " already archived");
        if (!r.recounted().isEmpty()) {
            long missing = r.recounted().stream().mapToLong(GroupCount::missing).sum();
            out.println(in + "counts    " + HumanFormat.count(r.recounted().size()) + (r.recounted().size() == 1 ? " group's" : " groups'")
                    + " daily counts missed " + HumanFormat.count(missing) + (missing == 1 ? " message" : " messages")
                    + " an earlier import stored before it failed or was killed: counted again");
        }
        if (r.recalls() > 0) {
            out.println(in + "recalls   " + HumanFormat.count(r.recallsApplied()) + " applied, "
                    + HumanFormat.count(r.recallsRepeated()) + " already applied, " + HumanFormat.count(r.recallsUnknown())
                    + " of unknown messages");
        }
        if (r.skippedTotal() > 0) {
            out.println(in + "skipped   " + HumanFormat.count(r.skippedTotal()) + " (" + r.skipped().entrySet().stream()
                    .map(e -> e.getKey() + " " + HumanFormat.count(e.getValue())).collect(Collectors.joining(", ")) + ")");
        }
        if (r.refused() > 0) {
            out.println(in + "refused   " + HumanFormat.count(r.refused()) + (r.refused() == 1 ? " line" : " lines"));
            int shown = Math.min(refusalsShown, r.refusals().size());
            for (ImportReport.Refusal refusal : r.refusals().subList(0, shown)) {
                out.println(HumanFormat.clip(in + "  line " + HumanFormat.count(refusal.line()) + ": " + refusal.reason(),
                        REASON_WIDTH + in.length()));
            }
            if (r.refused() > shown) {
                out.println(in + "  and " + HumanFormat.count(r.refused() - shown) + " more");
            }
        }
    }
}
