package io.larder.chat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

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
    String format(ChatMessage message, @Nullable ChatMessage repliedTo);

    /**
     * {@code [2026-11-21 20:15] name: text} in {@code zone}; a reply shows whom it answers
     * ({@code name ↩other: text}, {@code ↩?} when that message is gone); media show as their
     * placeholders; line breaks inside the text become {@code ⏎}, and other control characters
     * their visible pictures ({@code ␀}, {@code ␛}; the C1 controls and the bidirectional overrides
     * as {@code \\uXXXX}), so no byte of a message can drive, or reorder, the terminal a transcript
     * is shown on.
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
                m.attachments().forEach(a -> media.append('[').append(a.kind().name().toLowerCase(Locale.ROOT)).append(']'));
                text = media.toString();
            }
            line.append(text.strip().replaceAll("\\R", " ⏎ "));
            return visible(line);
        };
    }

    /**
     * {@code line} with each control character but the tab, and each bidirectional embedding,
     * override or isolate (which can make a terminal show text in another order than it is), shown
     * rather than obeyed.
     */
    private static String visible(CharSequence line) {
        StringBuilder out = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            if ((Character.getType(c) != Character.CONTROL || c == '\t') && !bidi) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(line.length() + 8).append(line, 0, i);
            }
            if (c < 0x20) {
                out.append((char) (0x2400 + c));          // ␀ ␁ ... ␛ ... ␟
            } else if (c == 0x7F) {
                out.append('\u2421');                    // ␡
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out == null ? line.toString() : out.toString();
    }
}
