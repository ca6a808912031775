package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.ChatMessage;
import io.larder.chat.LineFormat;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Messages as people read them in a terminal: the archive's transcript line
 * ({@code [2026-11-01 08:03] name: text}), the message a reply answers looked up by id, and
 * optionally the id in front (for {@code larder query --before}). Not thread-safe.
 */
final class MessageLines {
    private final ChatArchive archive;
    private final LineFormat format;

    /** Lines showing times in {@code zone}. */
    MessageLines(ChatArchive archive, ZoneId zone) {
        this.archive = archive;
        this.format = LineFormat.standard(zone);
    }

    /** The transcript line. */
    String line(ChatMessage m) {
        ChatMessage answered = m.replyTo() == null ? null : archive.find(m.groupId(), m.replyTo()).orElse(null);
        return format.format(m, answered) + (m.deleted() ? "  (recalled)" : "");
    }

    /** The id, right-aligned, then the transcript line. */
    String withId(ChatMessage m) {
        return String.format(Locale.ROOT, "%11s  %s", m.id(), line(m));
    }
}
