package io.larder.chat;

import static io.larder.chat.BuilderGuard.once;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message of a group chat, as the archive stores it. Immutable and thread-safe.
 *
 * <p>Schema growth: a component added later must accept {@code null} in the compact
 * constructor and put a default in its place, so records written before it existed still read.
 * {@link #schemaVersion()} says which shape wrote a record ({@code 0}: before versioning).
 *
 * @param id the message id, unique within its group; {@code null} until the store gives one
 * @param groupId the group (room) the message was posted in
 * @param senderId who sent it
 * @param senderName the sender's display name when it was sent (group card, else nickname)
 * @param senderRole the sender's standing in the group when it was sent
 * @param msgType what the message mainly carries
 * @param content the text, media shown as placeholders ({@code [图片]})
 * @param attachments the media, in order
 * @param timestamp when it was sent, epoch milliseconds
 * @param replyTo the id of the message it answers; nullable
 * @param mentions the user ids it mentions ({@code all} for everyone), in order
 * @param deletedAt when it was soft-deleted (recalled), epoch milliseconds; nullable
 * @param deletedBy who deleted it; nullable, set together with {@code deletedAt}
 * @param schemaVersion the shape that wrote the record
 * @param mentionNames the name the text shows for a mentioned user ({@code @张三}), by user id; users
 *        shown by their id are absent (since schema version 2: older records have none)
 * @param cards the cards (OneBot {@code json} segments) it carries, in order, as the text shows them
 *        (since schema version 3)
 * @param forwards the forwarded chat records it carries, in order (since schema version 3)
 * @param messageSeq the source's {@code message_seq}, as decimal text; nullable (since schema version 3)
 * @param realSeq the source's {@code real_seq}, the group's own sequence number of the message on
 *        NapCat, as decimal text; nullable (since schema version 3)
 */
public record ChatMessage(@Nullable String id, String groupId, String senderId, String senderName,
                          SenderRole senderRole, MessageType msgType, String content, List<Attachment> attachments,
                          long timestamp, @Nullable String replyTo, List<String> mentions, @Nullable Long deletedAt,
                          @Nullable String deletedBy, int schemaVersion, Map<String, String> mentionNames,
                          List<Card> cards, List<Forward> forwards, @Nullable String messageSeq,
                          @Nullable String realSeq) {

    /**
     * The shape written by this version of the code: 2 added {@link #mentionNames()}, 3 added
     * {@link #cards()}, {@link #forwards()}, {@link #messageSeq()} and {@link #realSeq()}.
     */
    public static final int SCHEMA_VERSION = 3;

    /**
     * A medium carried by a message.
     *
     * @param kind image, voice, video or file
     * @param url where it can be fetched, or empty
     * @param name its file name, or empty
     * @param size its size in bytes, 0 when unknown
     */
    public record Attachment(MessageType kind, String url, String name, long size) {
        /** Missing texts become empty; a negative size is refused. */
        public Attachment {
            Objects.requireNonNull(kind, "kind");
            url = url == null ? "" : url;
            name = name == null ? "" : name;
            if (size < 0) {
                throw new IllegalArgumentException("attachment size cannot be negative: " + size);
            }
        }
    }

    /**
     * A card: a link, mini-program, music or contact share (OneBot's {@code json} segment), by what
     * a reader of the history needs from it.
     *
     * @param app the application that made it ({@code com.tencent.miniapp_01}), or empty
     * @param prompt the one-line summary QQ shows in the chat list ({@code [QQ小程序]哔哩哔哩}), or empty
     * @param title its title, or empty
     * @param description its description, or empty
     * @param url where it leads, or empty
     */
    public record Card(String app, String prompt, String title, String description, String url) {
        /** Missing texts become empty. */
        public Card {
            app = app == null ? "" : app;
            prompt = prompt == null ? "" : prompt;
            title = title == null ? "" : title;
            description = description == null ? "" : description;
            url = url == null ? "" : url;
        }
    }

    /**
     * A forwarded chat record (OneBot's {@code forward} segment): the source sends only its id, and
     * its messages are fetched separately ({@code get_forward_msg}) by whoever can reach the bot.
     *
     * @param id the id that fetches it
     * @param messages its messages once fetched, in order; {@code null} while they were not
     */
    public record Forward(String id, @Nullable List<ForwardedMessage> messages) {
        /** Requires the id; copies the messages. */
        public Forward {
            requireText(id, "forward id");
            messages = messages == null ? null : List.copyOf(messages);
        }

        /** Whether its messages were fetched. (Not named {@code isFetched}: codecs would store it as a property.) */
        public boolean fetched() {
            return messages != null;
        }
    }

    /**
     * One message inside a forwarded chat record.
     *
     * @param senderId who sent it, or empty when the record does not say
     * @param senderName the name the record shows, or empty
     * @param timestamp when it was sent, epoch milliseconds
     * @param content its text, media shown as placeholders as in {@link ChatMessage#content()}
     */
    public record ForwardedMessage(String senderId, String senderName, long timestamp, String content) {
        /** Missing texts become empty. */
        public ForwardedMessage {
            senderId = senderId == null ? "" : senderId;
            senderName = senderName == null ? "" : senderName;
            content = content == null ? "" : content;
        }
    }

    /** Requires group and sender; absent lists, texts, role and type take their defaults. */
    public ChatMessage {
        requireText(groupId, "groupId");
        requireText(senderId, "senderId");
        if (id != null && id.isEmpty()) {
            id = null;
        }
        senderName = senderName == null ? "" : senderName;
        senderRole = senderRole == null ? SenderRole.MEMBER : senderRole;
        msgType = msgType == null ? MessageType.TEXT : msgType;
        content = content == null ? "" : content;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        mentionNames = mentionNames == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(mentionNames));
        cards = cards == null ? List.of() : List.copyOf(cards);
        forwards = forwards == null ? List.of() : List.copyOf(forwards);
        messageSeq = messageSeq == null || messageSeq.isEmpty() ? null : messageSeq;
        realSeq = realSeq == null || realSeq.isEmpty() ? null : realSeq;
        if ((deletedAt == null) != (deletedBy == null)) {
            throw new IllegalArgumentException("deletedAt and deletedBy are set together");
        }
    }

    /** A builder for a message of {@code groupId} sent by {@code senderId}. */
    public static Builder builder(String groupId, String senderId) {
        return new Builder(groupId, senderId);
    }

    /** Whether the message was soft-deleted. (Not named {@code isDeleted}: codecs would store it as a property.) */
    public boolean deleted() {
        return deletedAt != null;
    }

    /** The name to show: the sender's name, or the id when the name is empty. */
    public String displayName() {
        return senderName.isEmpty() ? senderId : senderName;
    }

    /** This message soft-deleted at {@code atMillis} by {@code by}. */
    public ChatMessage asDeleted(long atMillis, String by) {
        requireText(by, "deletedBy");
        return copy(id, timestamp, atMillis, by, forwards);
    }

    /** This message with another id. */
    public ChatMessage withId(String newId) {
        return copy(newId, timestamp, deletedAt, deletedBy, forwards);
    }

    /**
     * This message with the messages of its forwarded record {@code forwardId} filled in: what a
     * bot that fetched them ({@code get_forward_msg}) stores back with the store's {@code update}.
     *
     * @throws IllegalArgumentException when the message carries no forward of that id
     */
    public ChatMessage withForwardFetched(String forwardId, List<ForwardedMessage> fetched) {
        Objects.requireNonNull(fetched, "fetched");
        List<Forward> out = new ArrayList<>(forwards.size());
        boolean found = false;
        for (Forward f : forwards) {
            boolean match = f.id().equals(forwardId);
            found |= match;
            out.add(match ? new Forward(f.id(), fetched) : f);
        }
        if (!found) {
            throw new IllegalArgumentException("message " + id + " carries no forward " + forwardId);
        }
        return copy(id, timestamp, deletedAt, deletedBy, out);
    }

    /** This message stored at another millisecond ({@link ArrivalOrder}). */
    ChatMessage at(long millis) {
        return copy(id, millis, deletedAt, deletedBy, forwards);
    }

    /** This message with the parts its derivations change; everything else as it is. */
    private ChatMessage copy(@Nullable String newId, long millis, @Nullable Long atMillis, @Nullable String by,
                             List<Forward> withForwards) {
        return new ChatMessage(newId, groupId, senderId, senderName, senderRole, msgType, content, attachments, millis,
                replyTo, mentions, atMillis, by, schemaVersion, mentionNames, cards, withForwards, messageSeq, realSeq);
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    /** Builds a {@link ChatMessage} of the current {@link #SCHEMA_VERSION}; each setting once. Not thread-safe. */
    public static final class Builder {
        private final String groupId;
        private final String senderId;
        private @Nullable String id;
        private @Nullable String senderName;
        private @Nullable SenderRole senderRole;
        private @Nullable MessageType msgType;
        private @Nullable String content;
        private final List<Attachment> attachments = new ArrayList<>();
        private @Nullable Long timestamp;
        private @Nullable String replyTo;
        private final List<String> mentions = new ArrayList<>();
        private final Map<String, String> mentionNames = new LinkedHashMap<>();
        private final List<Card> cards = new ArrayList<>();
        private final List<Forward> forwards = new ArrayList<>();
        private @Nullable String messageSeq;
        private @Nullable String realSeq;

        private Builder(String groupId, String senderId) {
            requireText(groupId, "groupId");
            requireText(senderId, "senderId");
            this.groupId = groupId;
            this.senderId = senderId;
        }

        /** The message id. */
        public Builder id(String value) {
            id = once(id, value, "id");
            return this;
        }

        /** The sender's display name. */
        public Builder senderName(String value) {
            senderName = once(senderName, value, "senderName");
            return this;
        }

        /** The sender's role (member by default). */
        public Builder senderRole(SenderRole value) {
            senderRole = once(senderRole, value, "senderRole");
            return this;
        }

        /** The type (text by default). */
        public Builder type(MessageType value) {
            msgType = once(msgType, value, "type");
            return this;
        }

        /** The text. */
        public Builder content(String value) {
            content = once(content, value, "content");
            return this;
        }

        /** Adds an attachment. */
        public Builder attachment(Attachment value) {
            attachments.add(Objects.requireNonNull(value, "attachment"));
            return this;
        }

        /** When it was sent, epoch milliseconds. Required. */
        public Builder timestamp(long millis) {
            timestamp = once(timestamp, millis, "timestamp");
            return this;
        }

        /** The id of the message answered. */
        public Builder replyTo(String value) {
            replyTo = once(replyTo, value, "replyTo");
            return this;
        }

        /** Adds a mentioned user id. */
        public Builder mention(String userId) {
            requireText(userId, "mention");
            mentions.add(userId);
            return this;
        }

        /** Adds a mentioned user id, shown in the text as {@code @name}. */
        public Builder mention(String userId, String name) {
            mention(userId);
            requireText(name, "mention name");
            mentionNames.put(userId, name);
            return this;
        }

        /** Adds a card. */
        public Builder card(Card value) {
            cards.add(Objects.requireNonNull(value, "card"));
            return this;
        }

        /** Adds a forwarded chat record. */
        public Builder forward(Forward value) {
            forwards.add(Objects.requireNonNull(value, "forward"));
            return this;
        }

        /** The source's {@code message_seq}. */
        public Builder messageSeq(String value) {
            messageSeq = once(messageSeq, value, "messageSeq");
            return this;
        }

        /** The source's {@code real_seq}. */
        public Builder realSeq(String value) {
            realSeq = once(realSeq, value, "realSeq");
            return this;
        }

        /** The message. */
        public ChatMessage build() {
            if (timestamp == null) {
                throw new IllegalStateException("a message needs a timestamp");
            }
            return new ChatMessage(id, groupId, senderId, senderName == null ? "" : senderName,
                    senderRole == null ? SenderRole.MEMBER : senderRole, msgType == null ? MessageType.TEXT : msgType,
                    content == null ? "" : content, attachments, timestamp, replyTo, mentions, null, null, SCHEMA_VERSION,
                    mentionNames, cards, forwards, messageSeq, realSeq);
        }
    }
}
