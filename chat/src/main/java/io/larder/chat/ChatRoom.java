package io.larder.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat room's information, as {@link ChatRooms} keeps it (the seed's {@code chat:room:{room_id}}).
 * Immutable.
 *
 * @param id the room id
 * @param name its display name
 * @param description what it is for; may be empty
 * @param creatorId who created it (its first member)
 * @param createdAt when it was created
 * @param lastActivity the last post (or the creation), to within the rooms' activity interval
 * @param memberCount how many members it has
 */
public record ChatRoom(String id, String name, String description, String creatorId, Instant createdAt,
                       Instant lastActivity, int memberCount) {
    /** Requires the ids and instants; absent texts become empty. */
    public ChatRoom {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        Objects.requireNonNull(creatorId, "creatorId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastActivity, "lastActivity");
        if (memberCount < 0) {
            throw new IllegalArgumentException("member count cannot be negative: " + memberCount);
        }
    }

    ChatRoom activeAt(Instant at) {
        return new ChatRoom(id, name, description, creatorId, createdAt, at, memberCount);
    }

    ChatRoom withMemberCount(int count) {
        return new ChatRoom(id, name, description, creatorId, createdAt, lastActivity, count);
    }
}
