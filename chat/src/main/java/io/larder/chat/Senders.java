package io.larder.chat;

import io.larder.Key;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.TermTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The groups each sender spoke in. Two parts, so that what a sender's groups say moves with the
 * messages atomically, on Redis too, where a group and a sender live in different slots:
 * <ul>
 *   <li>which groups: a small store beside the archive ({@code <name>.senders}, partitioned by
 *       sender, one row per group) whose row says the sender spoke in the group between two
 *       whole UTC days. A batch widens its rows <em>before</em> its messages are stored, so a row
 *       never misses a stored message (a process killed in between leaves a row whose group holds
 *       nothing of the sender yet, which reads skip); its days change at most once a day per
 *       sender and group, and this process remembers what it wrote, so a steady stream writes no row;</li>
 *   <li>how many and when: each message store's own {@link Storage#tally} of the sender's index in
 *       the group, which every adapter keeps in the same step as the write (one script on Redis).</li>
 * </ul>
 * So a sender's groups are one range of one partition and one tally per group (and month, for
 * a monthly archive), and everything a sender said is a merge of one sender-indexed range per
 * group instead of a walk of every group. Thread-safe.
 */
final class Senders {
    /** Messages each group's range reads at a time while merging: memory is this times the sender's groups. */
    private static final int PAGE = 200;
    private static final long DAY = 86_400_000L;
    /** Rows this process remembers having written; past it the memory is dropped and rows are checked again. */
    private static final int REMEMBERED = 100_000;
    private static final Comparator<ChatMessage> TIME_ORDER = Comparator.comparingLong(ChatMessage::timestamp)
            .thenComparing(ChatMessage::groupId).thenComparing(ChatMessage::id);
    private static final Comparator<SenderGroup> RECENT_FIRST = Comparator.comparing(SenderGroup::last).reversed()
            .thenComparing(SenderGroup::groupId);

    private final Storage<SenderGroup> store;
    private final String partitionField;
    /** (sender, group) to the days {first, last} its stored row covers, as this process wrote or read it. */
    private final Map<Key, long[]> written = new ConcurrentHashMap<>();

    Senders(Storage<SenderGroup> store) {
        this.store = store;
        this.partitionField = store.spec().partitionField().orElseThrow();
    }

    StoreSpec<SenderGroup> spec() {
        return store.spec();
    }

    /** The row of a message: its sender and group over the whole UTC day of its timestamp. */
    private static SenderGroup rowOf(ChatMessage m) {
        long day = Math.floorDiv(m.timestamp(), DAY) * DAY;
        return new SenderGroup(m.senderId(), m.groupId(), Instant.ofEpochMilli(day), Instant.ofEpochMilli(day + DAY - 1), 1);
    }

    private static SenderGroup widened(SenderGroup a, SenderGroup b) {
        return new SenderGroup(a.senderId(), a.groupId(), a.first().isBefore(b.first()) ? a.first() : b.first(),
                a.last().isAfter(b.last()) ? a.last() : b.last(), 1);
    }

    /**
     * Widens the rows of messages about to be stored, in one {@link Storage#mergeAll} of those this
     * process has not written already: call it before storing them.
     */
    void announce(Collection<ChatMessage> batch) {
        Map<Key, SenderGroup> rows = new LinkedHashMap<>();
        for (ChatMessage m : batch) {
            SenderGroup row = rowOf(m);
            Key key = Key.of(m.senderId(), m.groupId());
            long[] known = written.get(key);
            if (known == null || row.first().toEpochMilli() < known[0] || row.last().toEpochMilli() > known[1]) {
                rows.merge(key, row, Senders::widened);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        Map<Key, SenderGroup> stored = store.mergeAll(rows.values(), Senders::widened);
        if (written.size() + stored.size() > REMEMBERED) {
            written.clear();
        }
        stored.forEach((key, row) -> written.put(key, new long[] {row.first().toEpochMilli(), row.last().toEpochMilli()}));
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
            rows.merge(Key.of(m.senderId(), m.groupId()), rowOf(m), Senders::widened);
        }

        void store() {
            List<Key> stale = new ArrayList<>();
            try (Stream<SenderGroup> all = Senders.this.store.scan(Query.all().limit(1000))) {
                all.map(Senders.this.store::keyOf).filter(k -> !rows.containsKey(k)).forEach(stale::add);
            }
            written.clear();
            Senders.this.store.deleteAll(stale);
            Senders.this.store.saveAll(rows.values());
        }
    }

    /**
     * The groups {@code senderId} spoke in, the most recent last message first: the rows of one
     * partition, each completed by the tallies of the stores that may hold its days.
     */
    List<SenderGroup> groupsOf(String senderId, Placement placement) {
        Query q = Query.in(partitionField, senderId).limit(Query.MAX_LIMIT);
        List<SenderGroup> out = new ArrayList<>();
        while (true) {
            Page<SenderGroup> page = store.list(q);
            for (SenderGroup row : page.items()) {
                tallied(row, placement).ifPresent(out::add);
            }
            if (page.next().isEmpty()) {
                out.sort(RECENT_FIRST);
                return out;
            }
            q = q.after(page.next().get());
        }
    }

    /** What the message stores hold of a row's sender in its group: empty when nothing (yet). */
    private static Optional<SenderGroup> tallied(SenderGroup row, Placement placement) {
        long count = 0;
        Instant first = null;
        Instant last = null;
        for (Placement.Shard shard : placement.shards(row.groupId(), row.first().toEpochMilli(),
                row.last().toEpochMilli() + 1, false)) {
            Optional<TermTally> t = shard.store().tally(row.groupId(), ArchiveSpecs.SENDER, row.senderId());
            if (t.isPresent()) {
                count += t.get().count();
                first = first == null || t.get().first().isBefore(first) ? t.get().first() : first;
                last = last == null || t.get().last().isAfter(last) ? t.get().last() : last;
            }
        }
        return first == null || last == null ? Optional.empty()
                : Optional.of(new SenderGroup(row.senderId(), row.groupId(), first, last, count));
    }

    /**
     * The visible messages {@code senderId} sent in {@code [from, to)}, in time order across their
     * groups (then by group and id): a k-way merge of one sender range per group whose first and
     * last times meet the range, each read {@value #PAGE} at a time. Close the stream.
     */
    Stream<ChatMessage> messagesOf(String senderId, long from, long to, Placement placement,
                                   Function<ChatQuery, Stream<ChatMessage>> walk) {
        List<Stream<ChatMessage>> opened = new ArrayList<>();
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::message, TIME_ORDER));
        try {
            for (SenderGroup g : groupsOf(senderId, placement)) {
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
