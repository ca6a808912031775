package io.larder.chat;

import io.larder.ConfigurationException;
import io.larder.ConflictException;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.Version;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@link ChatRooms} on four stores of the port: the rooms (unpartitioned, timed by last activity,
 * so the most active come first), the members of each room (partitioned by room), the rooms of each
 * user (partitioned by user), and a {@link ChatArchive} of the messages whose groups are the rooms.
 * Thread-safe.
 */
final class StoreRooms implements ChatRooms {
    private static final int MAX_NAME = 256;
    private static final int MAX_DESCRIPTION = 4096;
    private static final int PAGE = 1000;

    private final RoomSettings settings;
    private final Storage<ChatRoom> rooms;
    private final Storage<RoomMember> members;
    private final Storage<RoomMember> joined;
    private final ChatArchive archive;
    private final Clock clock;
    private final Counter refused;
    /** When this process last wrote each room's last activity: posts between two writes only read. */
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();

    StoreRooms(Larder larder, RoomSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        String base = settings.store();
        for (String suffix : List.of("", "-members", "-joined")) {
            if (larder.storeNames().contains(base + suffix)) {
                throw new ConfigurationException("store '" + base + suffix + "' is declared under larder.stores, but the"
                        + " rooms keep it (larder.rooms.store): they declare it themselves; drop the declaration or name"
                        + " other stores");
            }
        }
        this.rooms = larder.store(StoreSpec.builder(base, ChatRoom.class).id("id").time("last_activity")
                .expiry(Expiry.none()).build());
        this.members = larder.store(StoreSpec.builder(base + "-members", RoomMember.class).id("user_id")
                .partitionBy("room_id").time("joined_at").expiry(Expiry.none()).build());
        this.joined = larder.store(StoreSpec.builder(base + "-joined", RoomMember.class).id("room_id")
                .partitionBy("user_id").time("joined_at").expiry(Expiry.none()).build());
        this.clock = larder.clock();
        this.archive = ChatArchive.builder(larder).name(base + "-messages").retention(settings.retention())
                .clock(clock).build();
        this.refused = Counter.builder("larder.rooms.refused").tag("store", base)
                .description("Reads and posts refused to users who are not members").register(larder.meterRegistry());
    }

    @Override
    public ChatRoom create(String roomId, String name, String description, String creatorId) {
        Names.id(roomId, "room id");
        Names.id(creatorId, "creator id");
        Instant now = now();
        ChatRoom room = new ChatRoom(roomId, Names.text(name, "room name", MAX_NAME),
                Names.text(description, "room description", MAX_DESCRIPTION), creatorId, now, now, 0);
        rooms.save(room, Version.ABSENT);
        join(roomId, creatorId);
        return find(roomId).orElse(room);
    }

    @Override
    public Optional<ChatRoom> find(String roomId) {
        return rooms.load(Key.of(Names.id(roomId, "room id")));
    }

    @Override
    public Page<ChatRoom> active(int limit) {
        return rooms.list(Query.all().newestFirst().limit(limit));
    }

    @Override
    public Page<ChatRoom> active(int limit, String cursor) {
        return rooms.list(Query.all().newestFirst().limit(limit).after(Objects.requireNonNull(cursor, "cursor")));
    }

    @Override
    public boolean join(String roomId, String userId) {
        Names.id(roomId, "room id");
        Names.id(userId, "user id");
        requireRoom(roomId);
        RoomMember m = new RoomMember(roomId, userId, now());
        // the user's side first: a failure before the room's side leaves no access, only an entry roomsOf skips
        saveIfAbsent(joined, m);
        if (!saveIfAbsent(members, m)) {
            return false;
        }
        recount(roomId);
        return true;
    }

    @Override
    public boolean leave(String roomId, String userId) {
        Names.id(roomId, "room id");
        Names.id(userId, "user id");
        // the room's side first: access ends before anything else changes
        boolean was = members.delete(Key.of(roomId, userId));
        joined.delete(Key.of(userId, roomId));
        if (was) {
            recount(roomId);
        }
        return was;
    }

    @Override
    public boolean isMember(String roomId, String userId) {
        return members.load(Key.of(Names.id(roomId, "room id"), Names.id(userId, "user id"))).isPresent();
    }

    @Override
    public List<RoomMember> members(String roomId) {
        try (Stream<RoomMember> all = members.scan(Query.in("room_id", Names.id(roomId, "room id")).limit(PAGE))) {
            return all.toList();
        }
    }

    @Override
    public List<RoomMember> roomsOf(String userId) {
        List<RoomMember> mine;
        try (Stream<RoomMember> all = joined.scan(Query.in("user_id", Names.id(userId, "user id")).limit(PAGE))) {
            mine = all.toList();
        }
        // the room's side decides: a join cut short, or a leave half done, left only the user's side
        List<Key> confirm = new ArrayList<>(mine.size());
        mine.forEach(m -> confirm.add(Key.of(m.roomId(), userId)));
        Map<Key, RoomMember> confirmed = members.loadAll(confirm);
        return mine.stream().filter(m -> confirmed.containsKey(Key.of(m.roomId(), userId))).toList();
    }

    @Override
    public ChatArchive.Appended post(ChatMessage message) {
        Objects.requireNonNull(message, "message");
        String roomId = message.groupId();
        requireMember(roomId, message.senderId());
        ChatArchive.Appended appended = archive.append(message);
        touch(roomId);
        return appended;
    }

    @Override
    public Page<ChatMessage> history(String roomId, String userId, int n) {
        requireMember(roomId, userId);
        return archive.latest(roomId, n);
    }

    @Override
    public Page<ChatMessage> before(String roomId, String userId, String messageId, int n) {
        requireMember(roomId, userId);
        return archive.before(roomId, messageId, n);
    }

    @Override
    public ChatArchive archive() {
        return archive;
    }

    @Override
    public RoomSettings settings() {
        return settings;
    }

    private void requireMember(String roomId, String userId) {
        if (!isMember(roomId, userId)) {
            refused.increment();
            throw new NotAMemberException(roomId, userId);
        }
    }

    private ChatRoom requireRoom(String roomId) {
        return find(roomId).orElseThrow(() -> new NoSuchElementException("there is no room " + roomId));
    }

    private static boolean saveIfAbsent(Storage<RoomMember> store, RoomMember m) {
        try {
            store.save(m, Version.ABSENT);
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }

    /**
     * Sets the room's member count to what its members' partition holds. The count is taken inside
     * the atomic update, so of two joins racing, the one whose update lands last counted both.
     */
    private void recount(String roomId) {
        rooms.update(Key.of(roomId), r -> r.withMemberCount(countMembers(roomId)));
    }

    private int countMembers(String roomId) {
        try (Stream<RoomMember> all = members.scan(Query.in("room_id", roomId).limit(PAGE))) {
            return Math.toIntExact(all.count());
        }
    }

    /** Moves the room's last activity to now, at most once per activity interval from this process. */
    private void touch(String roomId) {
        Instant now = now();
        Instant last = touched.get(roomId);
        if (last != null && now.isBefore(last.plus(settings.activityInterval()))) {
            return;
        }
        touched.put(roomId, now);
        Optional<ChatRoom> after = rooms.update(Key.of(roomId), r -> r.lastActivity().isBefore(now) ? r.activeAt(now) : r);
        if (after.isEmpty()) {
            throw new NoSuchElementException("there is no room " + roomId);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public String toString() {
        return "ChatRooms" + settings;
    }
}
