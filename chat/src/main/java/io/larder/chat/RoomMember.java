package io.larder.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * One membership: a user in a room since an instant. {@link ChatRooms} keeps it twice, under the
 * room (the seed's {@code chat:room:{room_id}:members}) and under the user
 * ({@code user:{user_id}:chat_rooms}). Immutable.
 *
 * @param roomId the room
 * @param userId the member
 * @param joinedAt when they joined
 */
public record RoomMember(String roomId, String userId, Instant joinedAt) {
    /** Requires every part. */
    public RoomMember {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }
}
