package io.larder.chat;

/**
 * Who may soft-delete a message. The default lets the sender delete their own messages and the
 * group's owner and admins delete anyone's. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DeletePolicy {

    /** Whether {@code actor} may delete {@code message}. */
    boolean allows(ChatArchive.Actor actor, ChatMessage message);

    /** The sender, or a moderator (owner, admin) of the group. */
    static DeletePolicy senderOrModerator() {
        return (actor, message) -> actor.userId().equals(message.senderId()) || actor.role().moderates();
    }
}
