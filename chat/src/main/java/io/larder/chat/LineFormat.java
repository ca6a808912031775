package io.larder.chat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How one message becomes one line of a transcript. Implementations must be thread-safe and
 * return a single line (no line breaks).
 */
@FunctionalInterface
public interface LineFormat {

    /**
     * The line of {@code message}.
     *
     * @param message the message, already pseudonymized if the renderer does that
     * @param repliedTo the message it answers, when it answers one that is still archived; nullable
     */
    String format(ChatMessage message, ChatMessage repliedTo);

    /**
     * {@code [2026-11-21 20:15] name: text} in {@code zone}; a reply shows whom it answers
     * ({@code name ↩other: text}, {@code ↩?} when that message is gone); media show as their
     * placeholders; line breaks inside the text become {@code ⏎}.
     */
    static LineFormat standard(ZoneId zone) {
        DateTimeFormatter minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        return (m, repliedTo) -> {
            StringBuilder line = new StringBuilder(m.content().length() + 32);
            line.append('[').append(minutes.format(Instant.ofEpochMilli(m.timestamp()))).append("] ").append(m.displayName());
            if (m.replyTo() != null) {
                line.append(" ↩").append(repliedTo == null ? "?" : repliedTo.displayName());
            }
            line.append(": ");
            String text = m.content();
            if (text.isBlank() && !m.attachments().isEmpty()) {
                StringBuilder media = new StringBuilder();
                m.attachments().forEach(a -> media.append('[').append(a.kind().name().toLowerCase(java.util.Locale.ROOT)).append(']'));
                text = media.toString();
            }
            line.append(text.strip().replaceAll("\\R", " ⏎ "));
            return line.toString();
        };
    }
}
