package io.larder.chat;

import static io.larder.chat.BuilderGuard.once;
import static io.larder.chat.BuilderGuard.positive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Writes a group's messages as JSON lines, walking the archive page by page so an export of any
 * size takes constant memory. On the way out each message passes the {@link MessageFilter}
 * chain, then the optional {@link Pseudonymizer}. In the conversation formats
 * ({@link ExportFormat#CHAT}, {@link ExportFormat#SHAREGPT}) the configured assistant ids speak as
 * the assistant (their text alone) and everyone else as the user ({@code "name: text"}), under
 * the format's rules (see {@link ExportFormat}); messages without text are left out of them.
 * Immutable and thread-safe; an export runs on the caller's thread.
 *
 * <pre>{@code
 * ChatExporter.builder().format(ExportFormat.CHAT).assistant("10001")
 *     .filter(MessageFilter.dropEmpty()).build()
 *     .export(archive, ChatQuery.group("123456").between(from, to), writer);
 * }</pre>
 */
public final class ChatExporter {
    private static final String EMPTY = "empty";
    private final ExportFormat format;
    private final Duration gap;
    private final int maxMessages;
    private final int minMessages;
    private final Set<String> assistants;
    private final @Nullable Pseudonymizer pseudonymizer;
    private final List<MessageFilter> filters;
    private final ZoneId zone;
    private final @Nullable String system;

    private ChatExporter(Builder b) {
        this.format = b.format == null ? ExportFormat.MESSAGES : b.format;
        this.gap = b.gap == null ? Duration.ofMinutes(30) : b.gap;
        this.maxMessages = b.maxMessages == null ? 100 : b.maxMessages;
        this.minMessages = b.minMessages == null ? 1 : b.minMessages;
        this.assistants = Set.copyOf(b.assistants);
        this.pseudonymizer = b.pseudonymizer;
        this.filters = List.copyOf(b.filters);
        this.zone = b.zone == null ? ChatArchive.DEFAULT_ZONE : b.zone;
        this.system = b.system;
        if (format != ExportFormat.MESSAGES && assistants.isEmpty()) {
            throw new IllegalArgumentException("the " + format + " format needs whose messages are the assistant's: "
                    + "give assistant(ids), the bot's or a person's");
        }
        if (minMessages > maxMessages) {
            throw new IllegalArgumentException("a conversation cannot need more messages (" + minMessages
                    + ") than it may hold (" + maxMessages + ")");
        }
    }

    /** A builder: messages format, 30-minute gap, conversations of 1 to 100 messages, zone Asia/Shanghai. */
    public static Builder builder() {
        return new Builder();
    }

    /** Exports what {@code query} names (oldest first for the chat format), in pages of its limit. Does not close {@code out}. */
    public ExportReport export(ChatArchive archive, ChatQuery query, Writer out) {
        if (format != ExportFormat.MESSAGES && query.isNewestFirst()) {
            throw new IllegalArgumentException("conversations are cut oldest first: drop newestFirst() from the query");
        }
        try (Stream<ChatMessage> messages = archive.stream(query)) {
            return write(messages.iterator(), out);
        }
    }

    /** Exports messages of one group in time order from any source. Does not close {@code out}. */
    ExportReport write(Iterator<ChatMessage> messages, Writer out) {
        List<MessageFilter> chain = new ArrayList<>(filters.size());
        filters.forEach(f -> chain.add(f.fresh()));
        Map<String, Long> dropped = new HashMap<>();
        JsonWriter json = new JsonWriter(out);
        ConversationWriter conversations = new ConversationWriter(json, format, system, gap.toMillis(), maxMessages,
                minMessages, dropped);
        long lines = 0;
        while (messages.hasNext()) {
            ChatMessage m = messages.next();
            MessageFilter refusing = refusing(chain, m);
            if (refusing != null) {
                dropped.merge(refusing.name(), 1L, Long::sum);
                continue;
            }
            boolean assistant = assistants.contains(m.senderId());
            ChatMessage shown = pseudonymizer == null ? m : pseudonymizer.apply(m);
            if (format == ExportFormat.MESSAGES) {
                MessageJson.write(json, shown, zone);
                json.newline();
                lines++;
            } else if (shown.content().isBlank()) {
                dropped.merge(EMPTY, 1L, Long::sum);
            } else {
                conversations.add(new ConversationWriter.Turn(shown.groupId(), assistant,
                        assistant ? shown.content() : shown.displayName() + ": " + shown.content(), shown.timestamp()));
            }
        }
        conversations.close();
        flush(out);
        return format == ExportFormat.MESSAGES
                ? new ExportReport(lines, lines, dropped)
                : new ExportReport(conversations.lines(), conversations.messages(), dropped);
    }

    private static @Nullable MessageFilter refusing(List<MessageFilter> chain, ChatMessage m) {
        for (MessageFilter f : chain) {
            if (!f.keep(m)) {
                return f;
            }
        }
        return null;
    }

    private static void flush(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ChatExporter{format=" + format + ", gap=" + gap + ", messages=" + minMessages + ".." + maxMessages
                + ", system=" + (system != null)
                + ", assistants=" + assistants.size() + ", pseudonymized=" + (pseudonymizer != null) + ", filters="
                + filters.stream().map(MessageFilter::name).toList() + ", zone=" + zone + "}";
    }

    /** Builds a {@link ChatExporter}; each setting once, filters in the order added. Not thread-safe. */
    public static final class Builder {
        private @Nullable ExportFormat format;
        private @Nullable Duration gap;
        private @Nullable Integer maxMessages;
        private @Nullable Integer minMessages;
        private final Set<String> assistants = new LinkedHashSet<>();
        private @Nullable Pseudonymizer pseudonymizer;
        private final List<MessageFilter> filters = new ArrayList<>();
        private @Nullable ZoneId zone;
        private @Nullable String system;

        private Builder() {
        }

        /** The line format. */
        public Builder format(ExportFormat value) {
            format = once(format, value, "format");
            return this;
        }

        /** The silence that ends a conversation (30 minutes). */
        public Builder conversationGap(Duration value) {
            Objects.requireNonNull(value, "gap");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the conversation gap must be positive: " + value);
            }
            gap = once(gap, value, "conversation gap");
            return this;
        }

        /** The most messages in one conversation line (100); a longer run continues on the next line. */
        public Builder maxConversationMessages(int n) {
            maxMessages = once(maxMessages, positive(n, "max conversation messages"), "max conversation messages");
            return this;
        }

        /** The fewest messages a conversation needs to be written (1). */
        public Builder minConversationMessages(int n) {
            minMessages = once(minMessages, positive(n, "min conversation messages"), "min conversation messages");
            return this;
        }

        /** A system message opening every conversation of the conversation formats. */
        public Builder system(String prompt) {
            Objects.requireNonNull(prompt, "system prompt");
            if (prompt.isBlank()) {
                throw new IllegalArgumentException("the system prompt is blank");
            }
            system = once(system, prompt, "system prompt");
            return this;
        }

        /** User ids that speak as the assistant (the bot, or a person whose voice is learned); required by the conversation formats. */
        public Builder assistant(String... userIds) {
            for (String id : userIds) {
                assistants.add(Objects.requireNonNull(id, "assistant id"));
            }
            return this;
        }

        /** Aliases for user ids and names. */
        public Builder pseudonymize(Pseudonymizer value) {
            pseudonymizer = once(pseudonymizer, value, "pseudonymizer");
            return this;
        }

        /** Adds a filter to the end of the chain. */
        public Builder filter(MessageFilter value) {
            filters.add(Objects.requireNonNull(value, "filter"));
            return this;
        }

        /** The zone of the ISO times written ({@code Asia/Shanghai}). */
        public Builder zone(ZoneId value) {
            zone = once(zone, value, "zone");
            return this;
        }

        /** The exporter. */
        public ChatExporter build() {
            return new ChatExporter(this);
        }
    }
}
