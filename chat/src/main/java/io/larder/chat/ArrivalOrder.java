package io.larder.chat;

import io.larder.Query;
import io.larder.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * second on (and for two appends of one group and second racing each other) messages share
 * {@code .999}, or a millisecond, and fall back to the order of their ids. Stateless, thread-safe.
 */
final class ArrivalOrder {
    private static final long SECOND = 1000;
    private static final int PAGE = 500;

    private ArrivalOrder() {
    }

    /**
     * {@code fresh}, messages not stored yet, in arrival order and all bound for {@code store}, with
     * each whole-second time moved to the next free millisecond of its second in its group.
     * Reads, per group, what the store holds in the span of seconds the batch touches.
     */
    static List<ChatMessage> place(Storage<ChatMessage> store, List<ChatMessage> fresh) {
        Map<String, long[]> spans = new LinkedHashMap<>();
        for (ChatMessage m : fresh) {
            if (wholeSecond(m.timestamp())) {
                long s = Math.floorDiv(m.timestamp(), SECOND);
                spans.merge(m.groupId(), new long[] {s, s}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        if (spans.isEmpty()) {
            return fresh;
        }
        String partition = store.spec().partitionField().orElseThrow();
        // per group, per second: the last millisecond of the second taken so far
        Map<String, Map<Long, Integer>> taken = new HashMap<>();
        spans.forEach((group, span) -> taken.put(group, held(store, partition, group, span[0], span[1])));
        List<ChatMessage> out = new ArrayList<>(fresh.size());
        for (ChatMessage m : fresh) {
            Map<Long, Integer> seconds = taken.get(m.groupId());
            if (seconds == null) {
                out.add(m);
                continue;
            }
            long s = Math.floorDiv(m.timestamp(), SECOND);
            int within = (int) Math.floorMod(m.timestamp(), SECOND);
            if (!wholeSecond(m.timestamp())) {
                seconds.merge(s, within, Math::max);
                out.add(m);
                continue;
            }
            Integer last = seconds.get(s);
            int next = last == null ? 0 : (int) Math.min(SECOND - 1, last + 1L);
            seconds.put(s, next);
            out.add(next == 0 ? m : m.at(s * SECOND + next));
        }
        return out;
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
