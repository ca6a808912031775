package io.larder.chat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link ExportFormat#CHAT} lines: a conversation is a run of one group's messages with
 * no silence longer than the gap, at most a maximum of messages; it is written as its messages
 * arrive, so a conversation of any length takes constant memory, and its meta (which needs the
 * count and the end) follows the messages. Runs shorter than the minimum are left out. Not thread-safe.
 */
final class ConversationWriter {
    private final JsonWriter json;
    private final long gapMillis;
    private final int max;
    private final int min;
    private final ZoneId zone;
    private final List<Turn> waiting = new ArrayList<>();
    private String group;
    private long from;
    private long last;
    private int count;
    private long lines;
    private long written;

    /**
     * One message as a conversation shows it.
     *
     * @param group the group
     * @param role {@code user} or {@code assistant}
     * @param content what the role says
     * @param timestamp when, epoch milliseconds
     */
    record Turn(String group, String role, String content, long timestamp) {
    }

    ConversationWriter(JsonWriter json, long gapMillis, int max, int min, ZoneId zone) {
        this.json = json;
        this.gapMillis = gapMillis;
        this.max = max;
        this.min = min;
        this.zone = zone;
    }

    void add(Turn t) {
        if (count > 0 && (!t.group().equals(group) || t.timestamp() - last > gapMillis || count == max)) {
            close();
        }
        if (count == 0) {
            group = t.group();
            from = t.timestamp();
        }
        count++;
        last = t.timestamp();
        if (count < min) {
            waiting.add(t);
            return;
        }
        if (count == min) {
            json.beginObject().name("messages").beginArray();
            waiting.forEach(this::turn);
            waiting.clear();
        }
        turn(t);
    }

    /** Ends the open conversation, if any. */
    void close() {
        if (count >= min && count > 0) {
            json.endArray().name("meta").beginObject()
                    .name("group").value(group)
                    .name("from").value(MessageJson.iso(from, zone))
                    .name("to").value(MessageJson.iso(last, zone))
                    .name("count").value(count)
                    .endObject().endObject().newline();
            lines++;
            written += count;
        }
        waiting.clear();
        count = 0;
    }

    long lines() {
        return lines;
    }

    long messages() {
        return written;
    }

    private void turn(Turn t) {
        json.beginObject().name("role").value(t.role()).name("content").value(t.content()).endObject();
    }
}
