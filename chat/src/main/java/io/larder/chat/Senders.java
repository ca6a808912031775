package io.larder.chat;

import io.larder.Key;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The groups each sender spoke in, kept in a small store beside the archive
 * ({@code <name>.senders}, partitioned by sender, one row per group, timed by the last message):
 * a sender's groups are one range of one partition, and everything a sender said is a merge of
 * one sender-indexed range per group instead of a walk of every group. A batch raises its rows by
 * one {@link Storage#mergeAll} (a read and a conditional write of them all, again for those another
 * writer changed), as {@link Tallies} raises the days' counts, so concurrent archivers never lose an
 * update and any adapter of the plain port can keep it.
 * Thread-safe.
 */
final class Senders {
    /** Messages each group's range reads at a time while merging: memory is this times the sender's groups. */
    private static final int PAGE = 200;
    private static final Comparator<ChatMessage> TIME_ORDER = Comparator.comparingLong(ChatMessage::timestamp)
            .thenComparing(ChatMessage::groupId).thenComparing(ChatMessage::id);

    private final Storage<SenderGroup> store;
    private final String partitionField;

    Senders(Storage<SenderGroup> store) {
        this.store = store;
        this.partitionField = store.spec().partitionField().orElseThrow();
    }

    StoreSpec<SenderGroup> spec() {
        return store.spec();
    }

    /** Counts messages archived for the first time: one batch merge of a row per sender and group. */
    void count(Collection<ChatMessage> fresh) {
        Map<Key, SenderGroup> rows = new LinkedHashMap<>();
        for (ChatMessage m : fresh) {
            Instant at = Instant.ofEpochMilli(m.timestamp());
            rows.merge(Key.of(m.senderId(), m.groupId()), new SenderGroup(m.senderId(), m.groupId(), at, at, 1),
                    SenderGroup::plus);
        }
        store.mergeAll(rows.values(), SenderGroup::plus);
    }

    /**
     * A recount: {@link Recount#see} every message, then {@link Recount#store} makes the rows say
     * exactly that (rows of senders and groups no message names are removed). Not atomic: run it
     * while nothing appends.
     */
    Recount recount() {
        return new Recount();
    }

    /** Senders' rows being rebuilt from the messages. Not thread-safe. */
    final class Recount {
        private final Map<Key, SenderGroup> rows = new LinkedHashMap<>();

        void see(ChatMessage m) {
            Instant at = Instant.ofEpochMilli(m.timestamp());
            rows.merge(Key.of(m.senderId(), m.groupId()), new SenderGroup(m.senderId(), m.groupId(), at, at, 1),
                    SenderGroup::plus);
        }

        void store() {
            List<Key> stale = new ArrayList<>();
            try (Stream<SenderGroup> all = Senders.this.store.scan(Query.all().limit(1000))) {
                all.map(Senders.this.store::keyOf).filter(k -> !rows.containsKey(k)).forEach(stale::add);
            }
            Senders.this.store.deleteAll(stale);
            Senders.this.store.saveAll(rows.values());
        }
    }

    /** The groups {@code senderId} spoke in, the most recent last message first. */
    List<SenderGroup> groupsOf(String senderId) {
        Query q = Query.in(partitionField, senderId).newestFirst().limit(Query.MAX_LIMIT);
        List<SenderGroup> out = new ArrayList<>();
        while (true) {
            Page<SenderGroup> page = store.list(q);
            out.addAll(page.items());
            if (page.next().isEmpty()) {
                return out;
            }
            q = q.after(page.next().get());
        }
    }

    /**
     * The visible messages {@code senderId} sent in {@code [from, to)}, in time order across their
     * groups (then by group and id): a k-way merge of one sender range per group whose first and
     * last times meet the range, each read {@value #PAGE} at a time. Close the stream.
     */
    Stream<ChatMessage> messagesOf(String senderId, long from, long to, Function<ChatQuery, Stream<ChatMessage>> walk) {
        List<Stream<ChatMessage>> opened = new ArrayList<>();
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::message, TIME_ORDER));
        try {
            for (SenderGroup g : groupsOf(senderId)) {
                if (g.first().toEpochMilli() >= to || g.last().toEpochMilli() < from) {
                    continue;
                }
                Stream<ChatMessage> s = walk.apply(ChatQuery.group(g.groupId()).sender(senderId).betweenMillis(from, to)
                        .oldestFirst().limit(PAGE));
                opened.add(s);
                Iterator<ChatMessage> it = s.iterator();
                if (it.hasNext()) {
                    heads.add(new Head(it.next(), it));
                }
            }
        } catch (RuntimeException e) {
            opened.forEach(Stream::close);
            throw e;
        }
        Iterator<ChatMessage> merged = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public ChatMessage next() {
                Head h = heads.poll();
                if (h == null) {
                    throw new NoSuchElementException();
                }
                if (h.rest().hasNext()) {
                    heads.add(new Head(h.rest().next(), h.rest()));
                }
                return h.message();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> opened.forEach(Stream::close));
    }

    private record Head(ChatMessage message, Iterator<ChatMessage> rest) {
    }
}
