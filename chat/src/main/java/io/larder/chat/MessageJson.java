package io.larder.chat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A message as one JSON object with {@code snake_case} fields, the export's
 * {@link ExportFormat#MESSAGES} line: absent reply and deletion fields are left out; {@code time}
 * repeats the timestamp as ISO-8601 in the export's zone for people and spreadsheets.
 */
final class MessageJson {
    private MessageJson() {
    }

    static void write(JsonWriter w, ChatMessage m, ZoneId zone) {
        w.beginObject()
                .name("id").value(m.id())
                .name("group_id").value(m.groupId())
                .name("sender_id").value(m.senderId())
                .name("sender_name").value(m.senderName())
                .name("sender_role").value(m.senderRole().name().toLowerCase(java.util.Locale.ROOT))
                .name("type").value(m.msgType().name().toLowerCase(java.util.Locale.ROOT))
                .name("content").value(m.content())
                .name("timestamp").value(m.timestamp())
                .name("time").value(iso(m.timestamp(), zone));
        if (!m.attachments().isEmpty()) {
            w.name("attachments").beginArray();
            for (ChatMessage.Attachment a : m.attachments()) {
                w.beginObject().name("kind").value(a.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .name("url").value(a.url()).name("name").value(a.name()).name("size").value(a.size()).endObject();
            }
            w.endArray();
        }
        if (m.replyTo() != null) {
            w.name("reply_to").value(m.replyTo());
        }
        if (!m.mentions().isEmpty()) {
            w.name("mentions").beginArray();
            m.mentions().forEach(w::value);
            w.endArray();
        }
        if (m.deleted()) {
            w.name("deleted_at").value(m.deletedAt().longValue()).name("deleted_by").value(m.deletedBy());
        }
        w.endObject();
    }

    static String iso(long millis, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }
}
