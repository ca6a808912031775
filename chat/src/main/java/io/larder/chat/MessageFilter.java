package io.larder.chat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A step of the filter chain messages pass on their way out (exports). Filters see one group's
 * messages in time order; a filter that keeps state across them (flood detection) returns a
 * fresh copy from {@link #fresh()} so each walk starts clean.
 */
@FunctionalInterface
public interface MessageFilter {

    /** Whether the message goes on. */
    boolean keep(ChatMessage message);

    /** The name the export report counts drops under. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** This filter ready for a new walk: stateless filters return themselves. */
    default MessageFilter fresh() {
        return this;
    }

    /** Drops messages with neither text nor attachments. */
    static MessageFilter dropEmpty() {
        return named("empty", m -> !m.content().isBlank() || !m.attachments().isEmpty());
    }

    /** Drops media-only messages: a picture, voice, video, file, sticker or card with no text of its own beside its placeholder. */
    static MessageFilter dropMediaOnly() {
        return named("media only", m -> m.msgType() == MessageType.TEXT || !ownText(m).isEmpty());
    }

    /** Drops messages with fewer than {@code codePoints} characters of text of their own (placeholders and surrounding spaces aside). */
    static MessageFilter minLength(int codePoints) {
        if (codePoints < 1) {
            throw new IllegalArgumentException("a minimum length is at least 1, got " + codePoints);
        }
        return named("short", m -> {
            String own = ownText(m);
            return own.codePointCount(0, own.length()) >= codePoints;
        });
    }

    /** Keeps only the messages of these senders. */
    static MessageFilter onlySenders(Collection<String> senderIds) {
        Set<String> ids = Set.copyOf(senderIds);
        return named("sender", m -> ids.contains(m.senderId()));
    }

    /** Keeps only the messages of these types. */
    static MessageFilter onlyTypes(Collection<MessageType> types) {
        Set<MessageType> kept = Set.copyOf(types);
        return named("type", m -> kept.contains(m.msgType()));
    }

    /** Drops messages whose text contains a match of any pattern (ads, spam links). */
    static MessageFilter dropMatching(List<Pattern> patterns) {
        List<Pattern> copy = List.copyOf(patterns);
        return named("pattern", m -> copy.stream().noneMatch(p -> p.matcher(m.content()).find()));
    }

    /**
     * Collapses floods: when one sender posts the same message (text and attachments) several
     * times in a row, within {@code window} of the first, only the first {@code keep} pass.
     */
    static MessageFilter collapseFloods(int keep, Duration window) {
        if (keep < 1) {
            throw new IllegalArgumentException("a flood keeps at least one message, got " + keep);
        }
        Objects.requireNonNull(window, "window");
        return new FloodFilter(keep, window.toMillis());
    }

    /** The message's text without the placeholders media are shown by, stripped. */
    private static String ownText(ChatMessage m) {
        return OneBotEvents.PLACEHOLDER.matcher(m.content()).replaceAll("").strip();
    }

    private static MessageFilter named(String name, MessageFilter f) {
        return new MessageFilter() {
            @Override
            public boolean keep(ChatMessage message) {
                return f.keep(message);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
