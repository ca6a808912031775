package io.larder.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the conversation formats ({@link ExportFormat#CHAT}, {@link ExportFormat#SHAREGPT}): a
 * conversation is a run of one group's messages with no silence longer than the gap, at most a
 * maximum of messages (a longer run continues as the next conversation), so one is held in
 * memory at a time. When it ends, consecutive turns of one role are merged, assistant turns
 * before the first user turn and user turns after the last assistant turn are left out, and a
 * conversation with no assistant turn, or fewer messages than the minimum, is not written; what
 * is left out is counted by reason. Not thread-safe.
 */
final class ConversationWriter {
    /** Messages left out because their conversation has no assistant turn. */
    static final String NO_REPLY = "no reply";
    /** Assistant messages before the first user message of their conversation. */
    static final String LEADING = "before the first question";
    /** User messages after the last assistant message of their conversation. */
    static final String TRAILING = "after the last reply";
    /** Messages of conversations shorter than the minimum. */
    static final String SHORT = "short conversation";

    private final JsonWriter json;
    private final ExportFormat format;
    private final @Nullable String system;
    private final long gapMillis;
    private final int max;
    private final int min;
    private final List<Turn> turns = new ArrayList<>();
    private final Map<String, Long> dropped;
    private long lines;
    private long written;

    /**
     * One message as a conversation shows it.
     *
     * @param group the group
     * @param assistant whether it is the assistant's
     * @param content what the role says
     * @param timestamp when, epoch milliseconds
     */
    record Turn(String group, boolean assistant, String content, long timestamp) {
    }

    /** Writes {@code format} lines; {@code system} opens each conversation when not {@code null}; drops are counted into {@code dropped}. */
    ConversationWriter(JsonWriter json, ExportFormat format, @Nullable String system, long gapMillis, int max, int min,
                       Map<String, Long> dropped) {
        this.json = json;
        this.format = format;
        this.system = system;
        this.gapMillis = gapMillis;
        this.max = max;
        this.min = min;
        this.dropped = dropped;
    }

    void add(Turn t) {
        if (!turns.isEmpty()) {
            Turn last = turns.get(turns.size() - 1);
            if (!t.group().equals(last.group()) || t.timestamp() - last.timestamp() > gapMillis || turns.size() == max) {
                close();
            }
        }
        turns.add(t);
    }

    /** Ends the open conversation, if any. */
    void close() {
        if (turns.isEmpty()) {
            return;
        }
        if (turns.size() < min) {
            drop(SHORT, turns.size());
        } else {
            write();
        }
        turns.clear();
    }

    long lines() {
        return lines;
    }

    long messages() {
        return written;
    }

    private void write() {
        int first = 0;
        while (first < turns.size() && turns.get(first).assistant()) {
            first++;
        }
        int last = turns.size() - 1;
        while (last >= first && !turns.get(last).assistant()) {
            last--;
        }
        if (last < first) {
            drop(NO_REPLY, turns.size());
            return;
        }
        drop(LEADING, first);
        drop(TRAILING, turns.size() - 1 - last);
        boolean chat = format == ExportFormat.CHAT;
        json.beginObject().name(chat ? "messages" : "conversations").beginArray();
        if (system != null) {
            turn("system", system);
        }
        StringBuilder merged = new StringBuilder();
        for (int i = first; i <= last; i++) {
            Turn t = turns.get(i);
            merged.append(merged.length() == 0 ? "" : "\n").append(t.content());
            if (i == last || turns.get(i + 1).assistant() != t.assistant()) {
                turn(t.assistant() ? (chat ? "assistant" : "gpt") : (chat ? "user" : "human"), merged.toString());
                merged.setLength(0);
            }
        }
        json.endArray().endObject().newline();
        lines++;
        written += last - first + 1;
    }

    private void turn(String role, String content) {
        boolean chat = format == ExportFormat.CHAT;
        json.beginObject().name(chat ? "role" : "from").value(role).name(chat ? "content" : "value").value(content).endObject();
    }

    private void drop(String reason, long count) {
        if (count > 0) {
            dropped.merge(reason, count, Long::sum);
        }
    }
}
