package io.larder.chat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import or a live ingestion did, line (or event) by line accounted for: {@code lines =
 * messages + recalls + skipped + refused + failed} where messages are {@code taken + duplicates + resent}
 * and recalls are {@code recallsApplied + recallsRepeated + recallsUnknown}; events still waiting
 * to be written are in none of these.
 *
 * @param lines lines read, or events submitted
 * @param taken messages archived for the first time
 * @param duplicates messages archived before this run (an import run twice, a resumed one), left as they were
 * @param resent messages this run had stored already, arriving again (a redelivery, a log repeating a line), left
 *     as they were; counted as such while the run remembers the message ({@value OneBotIngest#REMEMBERED} most
 *     recent ones), else as {@code duplicates}
 * @param recallsApplied recalls that soft-deleted a message
 * @param recallsRepeated recalls of messages already deleted
 * @param recallsUnknown recalls of messages the archive does not hold
 * @param skipped events read and set aside, by kind ({@code meta_event.heartbeat}, {@code message.private}, {@code blank})
 * @param refused lines that could not be read (malformed JSON, a group message missing a field)
 * @param refusals the first refusals, with their line numbers
 * @param failed events whose batch could not be written (the storage failed): not stored, never acknowledged
 * @param recounted groups whose daily counts were found short, as they were found, and then counted again: among the
 *     groups where the run met messages archived before it, those a failed or killed import had left short
 */
public record ImportReport(long lines, long taken, long duplicates, long resent, long recallsApplied, long recallsRepeated,
                           long recallsUnknown, Map<String, Long> skipped, long refused, List<Refusal> refusals,
                           long failed, List<GroupCount> recounted) {

    /**
     * One refused line.
     *
     * @param line its number (of the line, or of the event submitted), from 1
     * @param reason what was wrong
     */
    public record Refusal(long line, String reason) {
    }

    /** Copies the maps and lists; skipped kinds in name order. */
    public ImportReport {
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        refusals = List.copyOf(refusals);
        recounted = List.copyOf(recounted);
    }

    /** The group messages read: {@code taken + duplicates + resent}. */
    public long messages() {
        return taken + duplicates + resent;
    }

    /** The recalls read: applied, repeated and of unknown messages. */
    public long recalls() {
        return recallsApplied + recallsRepeated + recallsUnknown;
    }

    /** The skipped events of every kind. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "ImportReport{lines=" + lines + ", taken=" + taken + ", duplicates=" + duplicates + ", resent=" + resent
                + ", recalls applied="
                + recallsApplied + ", repeated=" + recallsRepeated + ", unknown=" + recallsUnknown + ", skipped=" + skipped
                + ", refused=" + refused + (failed == 0 ? "" : ", failed=" + failed)
                + (recounted.isEmpty() ? "" : ", recounted=" + recounted) + (refusals.isEmpty() ? "" : ", first refusal=" + refusals.get(0)) + "}";
    }
}
