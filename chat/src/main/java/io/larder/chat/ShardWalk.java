package io.larder.chat;

import io.larder.Page;
import io.larder.Query;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Answers a {@link ChatQuery} one page at a time across the shards a {@link Placement} names:
 * each store request asks for exactly the messages still missing, so a page never ends in the
 * middle of what a store returned and every cursor is exact, however many soft-deleted messages
 * are stepped over. A page may be followed by an empty one when only hidden messages remain.
 * Thread-safe.
 */
final class ShardWalk {
    private final Placement placement;
    private final String groupField;
    private final String senderField;
    private final String typeField;

    ShardWalk(Placement placement, String groupField, String senderField, String typeField) {
        this.placement = placement;
        this.groupField = groupField;
        this.senderField = senderField;
        this.typeField = typeField;
    }

    Page<ChatMessage> page(ChatQuery q, Predicate<ChatMessage> also) {
        List<Placement.Shard> shards = placement.shards(q.groupId(), q.fromMillis(), q.toMillis(), q.isNewestFirst());
        int at = 0;
        String inner = null;
        if (q.cursor() != null) {
            ArchiveCursor c = ArchiveCursor.decode(q.cursor());
            at = firstShardFrom(shards, c.label(), q.isNewestFirst());
            inner = at < shards.size() && shards.get(at).label().equals(c.label()) ? c.inner() : null;
        }
        Query base = base(q);
        List<ChatMessage> kept = new ArrayList<>(Math.min(q.limit(), 1024));
        for (; at < shards.size(); at++, inner = null) {
            Placement.Shard shard = shards.get(at);
            while (true) {
                Query request = base.limit(q.limit() - kept.size());
                Page<ChatMessage> page = shard.store().list(inner == null ? request : request.after(inner));
                for (ChatMessage m : page.items()) {
                    if ((q.isDeletedIncluded() || !m.deleted()) && also.test(m)) {
                        kept.add(m);
                    }
                }
                if (kept.size() == q.limit()) {
                    Optional<String> next = page.next().map(n -> new ArchiveCursor(shard.label(), n).encode());
                    if (next.isEmpty() && at + 1 < shards.size()) {
                        next = Optional.of(new ArchiveCursor(shards.get(at + 1).label(), null).encode());
                    }
                    return new Page<>(kept, next);
                }
                if (page.next().isEmpty()) {
                    break;
                }
                inner = page.next().get();
            }
        }
        return new Page<>(kept, Optional.empty());
    }

    /** Every message of a query, one page in memory at a time. */
    Stream<ChatMessage> stream(ChatQuery query) {
        Iterator<ChatMessage> it = new Iterator<>() {
            private @Nullable ChatQuery next = query;
            private Iterator<ChatMessage> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next != null) {
                    Page<ChatMessage> page = page(next, m -> true);
                    current = page.items().iterator();
                    next = page.next().map(next::after).orElse(null);
                }
                return current.hasNext();
            }

            @Override
            public ChatMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private Query base(ChatQuery q) {
        Query base = Query.in(groupField, q.groupId()).betweenMillis(q.fromMillis(), q.toMillis());
        if (q.isNewestFirst()) {
            base = base.newestFirst();
        }
        if (q.senderId() != null) {
            base = base.where(senderField, q.senderId());
        }
        if (q.type() != null) {
            base = base.where(typeField, q.type());
        }
        return base;
    }

    /** The first shard at or past {@code label} in the walk's order (labels sort like their times). */
    private static int firstShardFrom(List<Placement.Shard> shards, String label, boolean newestFirst) {
        for (int i = 0; i < shards.size(); i++) {
            int c = shards.get(i).label().compareTo(label);
            if (newestFirst ? c <= 0 : c >= 0) {
                return i;
            }
        }
        return shards.size();
    }
}
