package io.larder.chat;

import io.larder.Query;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which messages of one group {@link ChatArchive#list} and {@link ChatArchive#stream} return: a
 * time range {@code [from, to)}, an order, optionally one sender and one type, a page size and
 * a cursor. Soft-deleted messages are left out unless {@link #includeDeleted()} asks for them.
 * The range, order, page size and cursor are a {@link Query}'s, checked as the port checks them.
 * Immutable: every method returns a new query.
 *
 * <pre>{@code
 * ChatQuery.group("123456").sender("42").between(from, to).newestFirst().limit(50)
 * }</pre>
 */
public final class ChatQuery {
    /** The largest page {@link #limit(int)} accepts. */
    public static final int MAX_LIMIT = Query.MAX_LIMIT;

    private final String groupId;
    /** The range, order, page size and cursor; its partition and filters are left to the walk. */
    private final Query window;
    private final @Nullable String senderId;
    private final @Nullable MessageType type;
    private final boolean includeDeleted;

    private ChatQuery(String groupId, Query window, @Nullable String senderId, @Nullable MessageType type,
                      boolean includeDeleted) {
        this.groupId = groupId;
        this.window = window;
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
        return new ChatQuery(groupId, Query.all(), null, null, false);
    }

    /** Messages sent in {@code [from, to)}. */
    public ChatQuery between(Instant from, Instant to) {
        return window(window.between(from, to));
    }

    /** Messages sent in {@code [fromMillis, toMillis)}, epoch milliseconds. */
    public ChatQuery betweenMillis(long from, long to) {
        return window(window.betweenMillis(from, to));
    }

    /** Messages sent at or after {@code from}. */
    public ChatQuery since(Instant from) {
        return window(window.since(from));
    }

    /** Messages sent before {@code to}. */
    public ChatQuery until(Instant to) {
        return window(window.until(to));
    }

    /** Newest first. */
    public ChatQuery newestFirst() {
        return window(window.newestFirst());
    }

    /** Oldest first (the default). */
    public ChatQuery oldestFirst() {
        return window(window.oldestFirst());
    }

    /** At most {@code n} messages a page, 1 to {@link #MAX_LIMIT}. */
    public ChatQuery limit(int n) {
        return window(window.limit(n));
    }

    /** Continue after the page whose {@code next()} gave {@code cursor} (same group and order). */
    public ChatQuery after(String next) {
        return window(window.after(next));
    }

    /** Only messages of {@code id}. */
    public ChatQuery sender(String id) {
        Objects.requireNonNull(id, "senderId");
        return new ChatQuery(groupId, window, id, type, includeDeleted);
    }

    /** Only messages of type {@code t}. */
    public ChatQuery type(MessageType t) {
        Objects.requireNonNull(t, "type");
        return new ChatQuery(groupId, window, senderId, t, includeDeleted);
    }

    /** Soft-deleted messages too (audits, full exports). */
    public ChatQuery includeDeleted() {
        return new ChatQuery(groupId, window, senderId, type, true);
    }

    /** The group. */
    public String groupId() {
        return groupId;
    }

    /** The range's start, epoch milliseconds, inclusive. */
    public long fromMillis() {
        return window.fromMillis();
    }

    /** The range's end, epoch milliseconds, exclusive. */
    public long toMillis() {
        return window.toMillis();
    }

    /** Whether the newest come first. */
    public boolean isNewestFirst() {
        return window.isNewestFirst();
    }

    /** The page size. */
    public int limit() {
        return window.limit();
    }

    /** The cursor to continue after; nullable. */
    public @Nullable String cursor() {
        return window.cursor();
    }

    /** The sender filter; nullable. */
    public @Nullable String senderId() {
        return senderId;
    }

    /** The type filter; nullable. */
    public @Nullable MessageType type() {
        return type;
    }

    /** Whether soft-deleted messages are returned. */
    public boolean isDeletedIncluded() {
        return includeDeleted;
    }

    private ChatQuery window(Query changed) {
        return new ChatQuery(groupId, changed, senderId, type, includeDeleted);
    }

    @Override
    public String toString() {
        return "ChatQuery{group=" + groupId + ", from=" + fromMillis() + ", to=" + toMillis() + ", newestFirst="
                + isNewestFirst() + ", limit=" + limit() + ", sender=" + senderId + ", type=" + type + ", includeDeleted="
                + includeDeleted + ", cursor=" + (cursor() != null) + "}";
    }
}
