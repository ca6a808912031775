package io.larder.chat;

import io.larder.Query;
import io.larder.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Keeps the arrival order of messages sent in the same second. OneBot v11 gives times in whole
 * seconds and message ids that are not ordered, while every layout orders equal times by id: left
 * alone, a second's messages would read in the order of their ids' text. So a message whose time
 * is a whole second is stored in a millisecond of that second that follows whatever its group
 * already holds in it: the first keeps {@code .000}, the next {@code .001}, and so on, across
 * batches, runs and processes, because the count is read from the store. The second shown to
 * people, the day counted and the month stored in do not change. A message with milliseconds of
 * its own is left as it is and moves the count past itself. From the thousandth message of one
 * second on messages share {@code .999} and fall back to the order of their ids.
 *
 * <p>What the store holds is read once per group and this process then remembers, per group, the
 * seconds from the first one it read on: the last millisecond taken in each, what it read and what
 * it placed since. So a live stream reads the store for a group's first batch only: once for the
 * group's newest message (nothing after it is taken), once for the seconds of the batch that
 * precede it. A batch reaching back before what is remembered reads those seconds again. Two
 * processes (or two archive objects) writing one group in the same seconds at the same time may
 * place two messages in one millisecond, which then read in the order of their ids: as before,
 * a second's order is kept for one writer at a time. What is remembered is bounded: the newest
 * {@value #SECONDS_KEPT} seconds of a group, {@value #GROUPS_KEPT} groups (past that it is
 * forgotten and read again). Thread-safe for callers holding the group's write lock
 * ({@link GroupLocks}): a group's state is only touched under it.
 */
final class ArrivalOrder {
    static final int SECONDS_KEPT = 4096;
    static final int GROUPS_KEPT = 20_000;
    private static final long SECOND = 1000;
    private static final int PAGE = 500;

    /** One group's remembered seconds: every second from {@code from} on is known. */
    private static final class Group {
        /** Seconds at or after it are all in {@code taken} (or free); {@code Long.MIN_VALUE} for all. */
        private long from;
        /** Per second, the last millisecond taken. */
        private final TreeMap<Long, Integer> taken = new TreeMap<>();

        private Group(long from) {
            this.from = from;
        }
    }

    /** Per store name and group. */
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    /**
     * {@code fresh}, messages not stored yet, in arrival order and all bound for {@code store}, with
     * each whole-second time moved to the next free millisecond of its second in its group.
     * Reads the store for the seconds of a group not remembered yet.
     */
    List<ChatMessage> place(Storage<ChatMessage> store, List<ChatMessage> fresh) {
        Map<String, long[]> spans = new LinkedHashMap<>();
        for (ChatMessage m : fresh) {
            if (wholeSecond(m.timestamp())) {
                long s = Math.floorDiv(m.timestamp(), SECOND);
                spans.merge(m.groupId(), new long[] {s, s}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        String name = store.spec().name();
        String partition = store.spec().partitionField().orElseThrow();
        Map<String, Group> touched = new HashMap<>();
        spans.forEach((group, span) -> touched.put(group, known(store, name, partition, group, span[0], span[1])));
        if (touched.isEmpty() && groups.isEmpty()) {
            return fresh;
        }
        List<ChatMessage> out = new ArrayList<>(fresh.size());
        for (ChatMessage m : fresh) {
            Group g = touched.get(m.groupId());
            if (g == null) {
                // a group remembered from earlier batches, here with times of their own only
                g = groups.get(key(name, m.groupId()));
                if (g != null) {
                    touched.put(m.groupId(), g);
                }
            }
            if (g == null) {
                out.add(m);
                continue;
            }
            long s = Math.floorDiv(m.timestamp(), SECOND);
            int within = (int) Math.floorMod(m.timestamp(), SECOND);
            if (!wholeSecond(m.timestamp())) {
                g.taken.merge(s, within, Math::max);
                out.add(m);
                continue;
            }
            Integer last = g.taken.get(s);
            int next = last == null ? 0 : (int) Math.min(SECOND - 1, last + 1L);
            g.taken.put(s, next);
            out.add(next == 0 ? m : m.at(s * SECOND + next));
        }
        touched.values().forEach(ArrivalOrder::trim);
        return out;
    }

    /**
     * Forgets what this process placed for the groups of {@code messages} in {@code store}: after a
     * write that failed, the store says again which milliseconds are taken, so a batch sent again
     * is placed where it would have been, not after the places the failed one claimed.
     */
    void forget(Storage<ChatMessage> store, List<ChatMessage> messages) {
        String name = store.spec().name();
        messages.forEach(m -> groups.remove(key(name, m.groupId())));
    }

    /** The group's state, knowing every second from {@code first} to {@code last} (and on, when they adjoin what it knew). */
    private Group known(Storage<ChatMessage> store, String name, String partition, String group, long first, long last) {
        String key = key(name, group);
        Group found = groups.get(key);
        if (found == null) {
            if (groups.size() >= GROUPS_KEPT) {
                groups.clear();
            }
            found = new Group(afterNewest(store, partition, group));
            groups.put(key, found);
        }
        Group g = found;
        if (first < g.from) {
            held(store, partition, group, first, last).forEach((s, ms) -> g.taken.merge(s, ms, Math::max));
            if (last >= g.from - 1) {
                g.from = first;
            }
        }
        return g;
    }

    /** The second after the group's newest stored message: nothing is taken from it on ({@code Long.MIN_VALUE} when the group holds nothing). */
    private static long afterNewest(Storage<ChatMessage> store, String partition, String group) {
        List<ChatMessage> newest = store.list(Query.in(partition, group).newestFirst().limit(1)).items();
        return newest.isEmpty() ? Long.MIN_VALUE : Math.floorDiv(newest.get(0).timestamp(), SECOND) + 1;
    }

    /** Forgets all but the newest seconds of a group. */
    private static void trim(Group g) {
        if (g.taken.size() > 2 * SECONDS_KEPT) {
            long cut = g.taken.descendingKeySet().stream().skip(SECONDS_KEPT - 1L).findFirst().orElseThrow();
            g.taken.headMap(cut).clear();
            g.from = Math.max(g.from, cut);
        }
    }

    private static String key(String store, String group) {
        return store + '\u0000' + group;
    }

    private static boolean wholeSecond(long millis) {
        return Math.floorMod(millis, SECOND) == 0;
    }

    /** The last millisecond taken in each second from {@code first} to {@code last} of {@code group}, deleted messages included. */
    private static Map<Long, Integer> held(Storage<ChatMessage> store, String partition, String group, long first, long last) {
        Map<Long, Integer> out = new HashMap<>();
        long to = last >= Long.MAX_VALUE / SECOND - 1 ? Long.MAX_VALUE : (last + 1) * SECOND;
        Query q = Query.in(partition, group).betweenMillis(first * SECOND, to).limit(PAGE);
        try (Stream<ChatMessage> stored = store.scan(q)) {
            stored.forEach(m -> out.merge(Math.floorDiv(m.timestamp(), SECOND), (int) Math.floorMod(m.timestamp(), SECOND),
                    Math::max));
        }
        return out;
    }
}
