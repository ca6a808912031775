package io.larder.chat;

import io.larder.StorageException;

/**
 * A user who is not a member of a room tried to read or post in it; nothing was read or written.
 * Carries the room and the user, so a server can answer 403 naming them.
 */
public class NotAMemberException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** The user of the refused call. */
    private final String userId;
    /** The room of the refused call. */
    private final String roomId;

    /** {@code userId} is not a member of {@code roomId}. */
    public NotAMemberException(String roomId, String userId) {
        super("user " + userId + " is not a member of room " + roomId);
        this.roomId = roomId;
        this.userId = userId;
    }

    /** The room. */
    public String roomId() {
        return roomId;
    }

    /** The user. */
    public String userId() {
        return userId;
    }
}
