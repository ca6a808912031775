package io.larder.chat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did, line by line accounted for: {@code lines = messages + recalls + skipped + refused}
 * where messages are {@code taken + duplicates} and recalls are {@code recallsApplied +
 * recallsRepeated + recallsUnknown}.
 *
 * @param lines lines read
 * @param taken messages archived for the first time
 * @param duplicates messages already archived (an import run twice, a redelivery), left as they were
 * @param recallsApplied recalls that soft-deleted a message
 * @param recallsRepeated recalls of messages already deleted
 * @param recallsUnknown recalls of messages the archive does not hold
 * @param skipped events read and set aside, by kind ({@code meta_event.heartbeat}, {@code message.private}, {@code blank})
 * @param refused lines that could not be read (malformed JSON, a group message missing a field)
 * @param refusals the first refusals, with their line numbers
 */
public record ImportReport(long lines, long taken, long duplicates, long recallsApplied, long recallsRepeated,
                           long recallsUnknown, Map<String, Long> skipped, long refused, List<Refusal> refusals) {

    /**
     * One refused line.
     *
     * @param line its number, from 1
     * @param reason what was wrong
     */
    public record Refusal(long line, String reason) {
    }

    /** Copies the maps and lists; skipped kinds in name order. */
    public ImportReport {
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        refusals = List.copyOf(refusals);
    }

    /** The skipped events of every kind. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "ImportReport{lines=" + lines + ", taken=" + taken + ", duplicates=" + duplicates + ", recalls applied="
                + recallsApplied + ", repeated=" + recallsRepeated + ", unknown=" + recallsUnknown + ", skipped=" + skipped
                + ", refused=" + refused + (refusals.isEmpty() ? "" : ", first refusal=" + refusals.get(0)) + "}";
    }
}
