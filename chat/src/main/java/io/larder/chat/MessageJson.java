package io.larder.chat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A message as one JSON object with {@code snake_case} fields, the export's
 * {@link ExportFormat#MESSAGES} line: absent reply, deletion, card, forward and sequence fields are
 * left out; {@code time} repeats the timestamp as ISO-8601 in the export's zone, to the second
 * (its milliseconds may only carry the arrival order, see {@link ArrivalOrder}), for people and
 * spreadsheets. A forward says whether its messages were {@code fetched} and, when they were, lists them.
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
                .name("sender_role").value(m.senderRole().name().toLowerCase(Locale.ROOT))
                .name("type").value(m.msgType().name().toLowerCase(Locale.ROOT))
                .name("content").value(m.content())
                .name("timestamp").value(m.timestamp())
                .name("time").value(iso(m.timestamp(), zone));
        if (!m.attachments().isEmpty()) {
            w.name("attachments").beginArray();
            for (ChatMessage.Attachment a : m.attachments()) {
                w.beginObject().name("kind").value(a.kind().name().toLowerCase(Locale.ROOT))
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
        if (!m.cards().isEmpty()) {
            w.name("cards").beginArray();
            for (ChatMessage.Card c : m.cards()) {
                w.beginObject().name("app").value(c.app()).name("prompt").value(c.prompt()).name("title").value(c.title())
                        .name("desc").value(c.description()).name("url").value(c.url()).endObject();
            }
            w.endArray();
        }
        if (!m.forwards().isEmpty()) {
            w.name("forwards").beginArray();
            for (ChatMessage.Forward f : m.forwards()) {
                w.beginObject().name("id").value(f.id()).name("fetched").value(f.fetched());
                if (f.messages() != null) {
                    w.name("messages").beginArray();
                    for (ChatMessage.ForwardedMessage x : f.messages()) {
                        w.beginObject().name("sender_id").value(x.senderId()).name("sender_name").value(x.senderName())
                                .name("timestamp").value(x.timestamp()).name("content").value(x.content()).endObject();
                    }
                    w.endArray();
                }
                w.endObject();
            }
            w.endArray();
        }
        if (m.messageSeq() != null) {
            w.name("message_seq").value(m.messageSeq());
        }
        if (m.realSeq() != null) {
            w.name("real_seq").value(m.realSeq());
        }
        if (m.deletedAt() != null && m.deletedBy() != null) { // deleted(): they are set together
            w.name("deleted_at").value(m.deletedAt().longValue()).name("deleted_by").value(m.deletedBy());
        }
        w.endObject();
    }

    static String iso(long millis, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochSecond(Math.floorDiv(millis, 1000L)).atZone(zone));
    }
}
