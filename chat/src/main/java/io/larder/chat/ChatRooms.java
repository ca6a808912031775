package io.larder.chat;

import io.larder.Larder;
import io.larder.Page;
import java.util.List;
import java.util.Optional;

/**
 * Chat rooms on any backend (the seed's {@code chat:room:{room_id}}, its members and each user's
 * rooms): create a room, join and leave it, list its members and a user's rooms, and post and
 * read its history, which only members may do. A room's history keeps its newest messages within
 * a maximum age ({@link RoomSettings#retention()}: 1000 messages of the last 7 days by default).
 * Thread-safe.
 *
 * <pre>{@code
 * ChatRooms rooms = ChatRooms.open(larder);                  // larder.rooms, or the defaults
 * rooms.create("lobby", "大厅", "闲聊", "1001");             // the creator is the first member
 * rooms.join("lobby", "1002");
 * rooms.post(ChatMessage.builder("lobby", "1002").content("你好").timestamp(now).build());
 * rooms.history("lobby", "1001", 50);                        // NotAMemberException for a stranger
 * }</pre>
 *
 * <p>A membership is kept under the room (which decides access) and under the user; joining writes
 * the user's side first and leaving removes the room's side first, so a failure between the two
 * never grants access, and {@link #roomsOf} lists only rooms whose side confirms the membership. A
 * room's member count is recounted from its members by every join and leave. When the backend
 * cannot be reached every method raises {@link io.larder.StorageUnavailableException}.
 */
public interface ChatRooms {

    /**
     * The rooms of {@code larder}, configured by its {@code larder.rooms} section (the defaults where
     * it says nothing).
     *
     * @throws io.larder.ConfigurationException when a store they keep is declared under
     *     {@code larder.stores} in a way they cannot use
     */
    static ChatRooms open(Larder larder) {
        return open(larder, RoomSettings.from(larder.section(RoomSettings.SECTION)));
    }

    /** The rooms of {@code larder}, configured by {@code settings}. */
    static ChatRooms open(Larder larder, RoomSettings settings) {
        return new StoreRooms(larder, settings);
    }

    /**
     * Creates a room; its creator is its first member.
     *
     * @throws io.larder.ConflictException when a room with that id exists; nothing is written
     * @throws IllegalArgumentException for an empty id, or an id or text over its limit
     */
    ChatRoom create(String roomId, String name, String description, String creatorId);

    /** The room {@code roomId}. */
    Optional<ChatRoom> find(String roomId);

    /** The rooms, the most recently active first, at most {@code limit}; the cursor continues with {@link #active(int, String)}. */
    Page<ChatRoom> active(int limit);

    /** The page of rooms after {@code cursor}. */
    Page<ChatRoom> active(int limit, String cursor);

    /**
     * Makes {@code userId} a member of {@code roomId}; returns false when they already were.
     *
     * @throws java.util.NoSuchElementException when there is no such room
     */
    boolean join(String roomId, String userId);

    /** Ends {@code userId}'s membership of {@code roomId}; returns whether they were a member. */
    boolean leave(String roomId, String userId);

    /** Whether {@code userId} is a member of {@code roomId}. */
    boolean isMember(String roomId, String userId);

    /** The members of {@code roomId}, the earliest to join first. */
    List<RoomMember> members(String roomId);

    /** The rooms {@code userId} is a member of, the earliest joined first. */
    List<RoomMember> roomsOf(String userId);

    /**
     * Posts a message in its room ({@link ChatMessage#groupId()}) and refreshes the room's last
     * activity; a message already stored (same id) is left as it is.
     *
     * @throws NotAMemberException when the sender is not a member (there is no such room, or they
     *     never joined or left it); nothing is written
     */
    ChatArchive.Appended post(ChatMessage message);

    /**
     * The newest {@code n} visible messages of {@code roomId}, newest first, as {@code userId} may
     * read them.
     *
     * @throws NotAMemberException when {@code userId} is not a member; nothing is read
     */
    Page<ChatMessage> history(String roomId, String userId, int n);

    /**
     * The {@code n} visible messages sent just before {@code messageId}, newest first: the page a
     * chat window scrolls back to.
     *
     * @throws NotAMemberException when {@code userId} is not a member; nothing is read
     * @throws java.util.NoSuchElementException when the room has no such message
     */
    Page<ChatMessage> before(String roomId, String userId, String messageId, int n);

    /** The archive of every room's messages, without access checks: for exports, prompts and moderation. */
    ChatArchive archive();

    /** The settings in force. */
    RoomSettings settings();
}
