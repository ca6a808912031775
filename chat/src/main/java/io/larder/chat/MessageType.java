package io.larder.chat;

/**
 * What a message mainly carries. A message mixing text and media takes the type of its first
 * medium, so a query for {@link #IMAGE} finds captioned pictures too. Indexed by {@link #name()}.
 */
public enum MessageType {
    /** Text, mentions and replies only. */
    TEXT,
    /** A picture, captioned or not. */
    IMAGE,
    /** A voice recording. */
    VOICE,
    /** A video. */
    VIDEO,
    /** A file upload. */
    FILE,
    /** Only stickers / emoticons (QQ faces). */
    FACE,
    /** A message of the system or a bot about the room (joins, notices). */
    SYSTEM,
    /** Anything else a source can send: cards, forwarded bundles, pokes. */
    OTHER
}
