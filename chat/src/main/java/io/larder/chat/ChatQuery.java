package io.larder.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * Which messages of one group {@link ChatArchive#list} and {@link ChatArchive#stream} return: a
 * time range {@code [from, to)}, an order, optionally one sender and one type, a page size and
 * a cursor. Soft-deleted messages are left out unless {@link #includeDeleted()} asks for them.
 * Immutable: every method returns a new query.
 *
 * <pre>{@code
 * ChatQuery.group("123456").sender("42").between(from, to).newestFirst().limit(50)
 * }</pre>
 */
public final class ChatQuery {
    /** The largest page {@link #limit(int)} accepts. */
    public static final int MAX_LIMIT = 10_000;

    private final String groupId;
    private final long fromMillis;
    private final long toMillis;
    private final boolean newestFirst;
    private final int limit;
    private final String cursor;
    private final String senderId;
    private final MessageType type;
    private final boolean includeDeleted;

    private ChatQuery(String groupId, long fromMillis, long toMillis, boolean newestFirst, int limit, String cursor,
                      String senderId, MessageType type, boolean includeDeleted) {
        this.groupId = groupId;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.newestFirst = newestFirst;
        this.limit = limit;
        this.cursor = cursor;
        this.senderId = senderId;
        this.type = type;
        this.includeDeleted = includeDeleted;
    }

    /** Every visible message of {@code groupId}, oldest first, 100 a page. */
    public static ChatQuery group(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isEmpty()) {
            throw new IllegalArgumentException("groupId must not be empty");
        }
        return new ChatQuery(groupId, Long.MIN_VALUE, Long.MAX_VALUE, false, 100, null, null, null, false);
    }

    /** Messages sent in {@code [from, to)}. */
    public ChatQuery between(Instant from, Instant to) {
        return betweenMillis(from.toEpochMilli(), to.toEpochMilli());
    }

    /** Messages sent in {@code [fromMillis, toMillis)}, epoch milliseconds. */
    public ChatQuery betweenMillis(long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("the range starts after it ends: " + from + " > " + to);
        }
        return new ChatQuery(groupId, from, to, newestFirst, limit, cursor, senderId, type, includeDeleted);
    }

    /** Messages sent at or after {@code from}. */
    public ChatQuery since(Instant from) {
        return betweenMillis(from.toEpochMilli(), toMillis);
    }

    /** Messages sent before {@code to}. */
    public ChatQuery until(Instant to) {
        return betweenMillis(fromMillis, to.toEpochMilli());
    }

    /** Newest first. */
    public ChatQuery newestFirst() {
        return new ChatQuery(groupId, fromMillis, toMillis, true, limit, cursor, senderId, type, includeDeleted);
    }

    /** Oldest first (the default). */
    public ChatQuery oldestFirst() {
        return new ChatQuery(groupId, fromMillis, toMillis, false, limit, cursor, senderId, type, includeDeleted);
    }

    /** At most {@code n} messages a page, 1 to {@link #MAX_LIMIT}. */
    public ChatQuery limit(int n) {
        if (n < 1 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + n);
        }
        return new ChatQuery(groupId, fromMillis, toMillis, newestFirst, n, cursor, senderId, type, includeDeleted);
    }

    /** Continue after the page whose {@code next()} gave {@code cursor} (same group and order). */
    public ChatQuery after(String next) {
        Objects.requireNonNull(next, "cursor");
        return new ChatQuery(groupId, fromMillis, toMillis, newestFirst, limit, next, senderId, type, includeDeleted);
    }

    /** Only messages of {@code id}. */
    public ChatQuery sender(String id) {
        Objects.requireNonNull(id, "senderId");
        return new ChatQuery(groupId, fromMillis, toMillis, newestFirst, limit, cursor, id, type, includeDeleted);
    }

    /** Only messages of type {@code t}. */
    public ChatQuery type(MessageType t) {
        Objects.requireNonNull(t, "type");
        return new ChatQuery(groupId, fromMillis, toMillis, newestFirst, limit, cursor, senderId, t, includeDeleted);
    }

    /** Soft-deleted messages too (audits, full exports). */
    public ChatQuery includeDeleted() {
        return new ChatQuery(groupId, fromMillis, toMillis, newestFirst, limit, cursor, senderId, type, true);
    }

    /** The group. */
    public String groupId() {
        return groupId;
    }

    /** The range's start, epoch milliseconds, inclusive. */
    public long fromMillis() {
        return fromMillis;
    }

    /** The range's end, epoch milliseconds, exclusive. */
    public long toMillis() {
        return toMillis;
    }

    /** Whether the newest come first. */
    public boolean isNewestFirst() {
        return newestFirst;
    }

    /** The page size. */
    public int limit() {
        return limit;
    }

    /** The cursor to continue after; nullable. */
    public String cursor() {
        return cursor;
    }

    /** The sender filter; nullable. */
    public String senderId() {
        return senderId;
    }

    /** The type filter; nullable. */
    public MessageType type() {
        return type;
    }

    /** Whether soft-deleted messages are returned. */
    public boolean isDeletedIncluded() {
        return includeDeleted;
    }

    @Override
    public String toString() {
        return "ChatQuery{group=" + groupId + ", from=" + fromMillis + ", to=" + toMillis + ", newestFirst=" + newestFirst
                + ", limit=" + limit + ", sender=" + senderId + ", type=" + type + ", includeDeleted=" + includeDeleted
                + ", cursor=" + (cursor != null) + "}";
    }
}
