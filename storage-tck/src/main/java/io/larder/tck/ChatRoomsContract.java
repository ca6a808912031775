package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConflictException;
import io.larder.Page;
import io.larder.Storage;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatRoom;
import io.larder.chat.ChatRooms;
import io.larder.chat.NotAMemberException;
import io.larder.chat.RoomMember;
import io.larder.chat.RoomSettings;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * {@link ChatRooms}: creating a room, joining and leaving it with its member count kept, each
 * user's rooms, access (only members post and read), the last activity and the most active
 * rooms, a history capped by count and age together, and memberships left half done by a failure.
 * Each behaviour works in stores of its own.
 */
public abstract class ChatRoomsContract extends ContractSuite {

    /** Rooms in fresh stores, with {@code settings} applied over the defaults. */
    protected ChatRooms rooms(RoomSettings.Builder settings) {
        String fresh = freshName();
        // the stores' names add up to 17 characters to the base: keep the unique end of a fresh name
        return ChatRooms.open(larder(), settings.store("r" + fresh.substring(Math.max(0, fresh.length() - 24))).build());
    }

    /** Rooms in fresh stores, each post writing the room's last activity. */
    protected ChatRooms rooms() {
        return rooms(RoomSettings.builder().activityInterval(Duration.ZERO));
    }

    private ChatMessage message(String room, String sender, String id, long at) {
        return ChatMessage.builder(room, sender).id(id).content("消息 " + id).timestamp(at).build();
    }

    @Test
    void aNewRoomHasItsCreatorAsItsFirstMember() {
        ChatRooms rooms = rooms();
        ChatRoom room = rooms.create("lobby", "大厅", "闲聊", "1001");
        assertThat(room.name()).isEqualTo("大厅");
        assertThat(room.description()).isEqualTo("闲聊");
        assertThat(room.creatorId()).isEqualTo("1001");
        assertThat(room.memberCount()).isEqualTo(1);
        assertThat(rooms.find("lobby")).contains(room);
        assertThat(rooms.members("lobby")).extracting(RoomMember::userId).containsExactly("1001");
        assertThat(rooms.roomsOf("1001")).extracting(RoomMember::roomId).containsExactly("lobby");
        assertThat(rooms.find("nowhere")).isEmpty();
    }

    @Test
    void aRoomIdIsTakenOnce() {
        ChatRooms rooms = rooms();
        rooms.create("lobby", "大厅", "", "1001");
        assertThatThrownBy(() -> rooms.create("lobby", "another", "", "1002")).isInstanceOf(ConflictException.class);
        assertThat(rooms.find("lobby").orElseThrow().name()).isEqualTo("大厅");
        assertThat(rooms.isMember("lobby", "1002")).isFalse();
    }

    @Test
    void joiningAndLeavingKeepTheMembersTheCountAndEachUsersRooms() {
        ChatRooms rooms = rooms();
        rooms.create("a", "A", "", "1001");
        rooms.create("b", "B", "", "1001");
        assertThat(rooms.join("a", "1002")).isTrue();
        assertThat(rooms.join("a", "1002")).as("already a member").isFalse();
        advance(1);
        assertThat(rooms.join("b", "1002")).isTrue();
        assertThat(rooms.join("a", "1003")).isTrue();
        assertThat(rooms.find("a").orElseThrow().memberCount()).isEqualTo(3);
        assertThat(rooms.members("a")).extracting(RoomMember::userId).containsExactly("1001", "1002", "1003");
        assertThat(rooms.roomsOf("1002")).extracting(RoomMember::roomId).containsExactly("a", "b");

        assertThat(rooms.leave("a", "1002")).isTrue();
        assertThat(rooms.leave("a", "1002")).as("already gone").isFalse();
        assertThat(rooms.isMember("a", "1002")).isFalse();
        assertThat(rooms.find("a").orElseThrow().memberCount()).isEqualTo(2);
        assertThat(rooms.roomsOf("1002")).extracting(RoomMember::roomId).containsExactly("b");
        assertThat(rooms.roomsOf("nobody")).isEmpty();
        assertThatThrownBy(() -> rooms.join("nowhere", "1002")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void onlyMembersPostAndReadAndARefusalWritesNothing() {
        ChatRooms rooms = rooms();
        rooms.create("lobby", "大厅", "", "1001");
        long now = clock().millis();
        rooms.post(message("lobby", "1001", "m1", now));
        assertThatThrownBy(() -> rooms.post(message("lobby", "2002", "m2", now))).isInstanceOf(NotAMemberException.class)
                .satisfies(e -> {
                    assertThat(((NotAMemberException) e).roomId()).isEqualTo("lobby");
                    assertThat(((NotAMemberException) e).userId()).isEqualTo("2002");
                });
        assertThatThrownBy(() -> rooms.history("lobby", "2002", 10)).isInstanceOf(NotAMemberException.class);
        assertThatThrownBy(() -> rooms.before("lobby", "2002", "m1", 10)).isInstanceOf(NotAMemberException.class);
        assertThatThrownBy(() -> rooms.post(message("nowhere", "1001", "m3", now))).isInstanceOf(NotAMemberException.class);
        assertThat(rooms.archive().find("lobby", "m2")).as("the refused post").isEmpty();
        assertThat(rooms.history("lobby", "1001", 10).items()).extracting(ChatMessage::id).containsExactly("m1");

        rooms.join("lobby", "2002");
        rooms.post(message("lobby", "2002", "m2", now + 1));
        rooms.leave("lobby", "2002");
        assertThatThrownBy(() -> rooms.history("lobby", "2002", 10)).as("a member who left").isInstanceOf(NotAMemberException.class);
        assertThat(rooms.history("lobby", "1001", 10).items()).extracting(ChatMessage::id).containsExactly("m2", "m1");
        assertThat(registry().get("larder.rooms.refused").tag("store", rooms.settings().store()).counter().count())
                .isEqualTo(5.0);
    }

    @Test
    void postingMovesTheRoomToTheHeadOfTheActiveRooms() {
        ChatRooms rooms = rooms();
        ChatRoom a = rooms.create("a", "A", "", "1001");
        advance(1);
        rooms.create("b", "B", "", "1001");
        advance(1);
        rooms.create("c", "C", "", "1001");
        assertThat(names(rooms.active(10))).containsExactly("c", "b", "a");
        advance(1);
        rooms.post(message("a", "1001", "m1", clock().millis()));
        assertThat(rooms.find("a").orElseThrow().lastActivity()).isAfter(a.lastActivity());
        Page<ChatRoom> first = rooms.active(2);
        assertThat(names(first)).containsExactly("a", "c");
        assertThat(names(rooms.active(2, first.next().orElseThrow()))).containsExactly("b");
    }

    @Test
    void aRoomsHistoryKeepsItsNewestMessagesWithinTheMaximumAge() {
        ChatRooms rooms = rooms(RoomSettings.builder().keepNewest(5).maxAge(tick().multipliedBy(3))
                .activityInterval(Duration.ZERO));
        rooms.create("lobby", "大厅", "", "1001");
        long now = clock().millis();
        for (int i = 0; i < 8; i++) {
            rooms.post(message("lobby", "1001", "m" + i, now + i));
        }
        assertThat(rooms.history("lobby", "1001", 100).items()).extracting(ChatMessage::id)
                .containsExactly("m7", "m6", "m5", "m4", "m3");
        advance(4);
        assertThat(rooms.history("lobby", "1001", 100).items()).as("every message is over 3 ticks old").isEmpty();
        rooms.post(message("lobby", "1001", "late", clock().millis()));
        assertThat(rooms.history("lobby", "1001", 100).items()).extracting(ChatMessage::id).containsExactly("late");
    }

    @Test
    void aJoinCutShortGrantsNothingAndItsUsersRoomsDoNotShowIt() {
        ChatRooms rooms = rooms();
        rooms.create("lobby", "大厅", "", "1001");
        Storage<RoomMember> userSide = larder().store(rooms.settings().store() + "-joined", RoomMember.class);
        userSide.save(new RoomMember("lobby", "2002", clock().instant()));
        assertThat(rooms.isMember("lobby", "2002")).isFalse();
        assertThat(rooms.roomsOf("2002")).isEmpty();
        assertThatThrownBy(() -> rooms.history("lobby", "2002", 1)).isInstanceOf(NotAMemberException.class);
        assertThat(rooms.join("lobby", "2002")).as("the join completes").isTrue();
        assertThat(rooms.roomsOf("2002")).extracting(RoomMember::roomId).containsExactly("lobby");
    }

    @Test
    void concurrentJoinsAreAllCounted() throws Exception {
        ChatRooms rooms = rooms();
        rooms.create("lobby", "大厅", "", "creator");
        ContractFixture.runConcurrently(8, i -> rooms.join("lobby", "u" + i));
        assertThat(rooms.members("lobby")).hasSize(9);
        assertThat(rooms.find("lobby").orElseThrow().memberCount()).isEqualTo(9);
    }

    @Test
    void badIdsAreRefusedNamingWhatIsWrong() {
        ChatRooms rooms = rooms();
        assertThatThrownBy(() -> rooms.create("", "x", "", "1001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("room id must not be empty");
        assertThatThrownBy(() -> rooms.create("r", "n".repeat(300), "", "1001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("room name");
        assertThatThrownBy(() -> rooms.roomsOf("u".repeat(600))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("600 characters");
        assertThat(rooms.active(10).items()).isEmpty();
    }

    private static List<String> names(Page<ChatRoom> page) {
        return page.items().stream().map(ChatRoom::id).toList();
    }
}
