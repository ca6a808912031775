package io.larder.memory;

import io.larder.spi.Position;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The time-ordered indexes of one store: a skip list of positions per {@link IndexId}, so a range
 * costs O(log n + entries walked). An index that becomes empty is dropped, so the memory of
 * indexes returns to nothing when their records go. Thread-safe: adding to and removing from one
 * index run inside the map's per-key compute, so a dropped index never swallows an entry.
 */
final class TimeIndexes {
    private static final NavigableSet<Position> NONE = Collections.emptyNavigableSet();

    private final ConcurrentHashMap<IndexId, TimeIndex> indexes = new ConcurrentHashMap<>();
    private final LongAdder entries = new LongAdder();

    /** One index: its positions and their count (a skip list's own size() walks it). */
    static final class TimeIndex {
        private final ConcurrentSkipListSet<Position> positions = new ConcurrentSkipListSet<>();
        // written only inside the owning map's compute for this index, read from anywhere
        private volatile int size;

        int size() {
            return size;
        }

        /** The oldest position, or {@code null} when empty. */
        @Nullable Position oldest() {
            try {
                return positions.first();
            } catch (NoSuchElementException e) {
                return null;
            }
        }
    }

    void add(IndexId id, Position at) {
        insert(id, List.of(at));
    }

    /** Adds many entries to one index, in time order (sorting {@code at}), so its skip list grows at its end. */
    void addAll(IndexId id, List<Position> at) {
        at.sort(null);
        insert(id, at);
    }

    private void insert(IndexId id, List<Position> at) {
        if (at.isEmpty()) {
            return;
        }
        indexes.compute(id, (k, index) -> {
            TimeIndex i = index == null ? new TimeIndex() : index;
            int added = 0;
            for (Position p : at) {
                if (i.positions.add(p)) {
                    added++;
                }
            }
            i.size = i.size + added;
            entries.add(added);
            return i;
        });
    }

    /** Removes one entry; returns whether it was there. */
    boolean remove(IndexId id, Position at) {
        boolean[] removed = {false};
        indexes.computeIfPresent(id, (k, index) -> {
            if (index.positions.remove(at)) {
                removed[0] = true;
                index.size = index.size - 1;
                entries.decrement();
            }
            return index.size == 0 ? null : index;
        });
        return removed[0];
    }

    /** The index, or {@code null} when it holds nothing. */
    @Nullable TimeIndex get(IndexId id) {
        return indexes.get(id);
    }

    /**
     * The positions of one index from {@code fromMillis} (inclusive) to {@code toMillis}
     * (exclusive), in the range's order, strictly after {@code after} when it is given. A live,
     * weakly consistent view: positions added or removed during a walk may or may not be seen.
     */
    NavigableSet<Position> range(IndexId id, long fromMillis, long toMillis, boolean descending, @Nullable Position after) {
        TimeIndex index = indexes.get(id);
        if (index == null || fromMillis >= toMillis) {
            return NONE;
        }
        // ids are never empty, so (t, "") sorts before every real position at time t
        Position low = new Position(fromMillis, "");
        boolean lowIncluded = true;
        Position high = new Position(toMillis, "");
        boolean highIncluded = false;
        if (after != null && !descending && after.compareTo(low) >= 0) {
            low = after;
            lowIncluded = false;
        }
        if (after != null && descending && after.compareTo(high) < 0) {
            high = after;
        }
        int order = low.compareTo(high);
        if (order > 0 || order == 0 && !(lowIncluded && highIncluded)) {
            return NONE;
        }
        NavigableSet<Position> view = index.positions.subSet(low, lowIncluded, high, highIncluded);
        return descending ? view.descendingSet() : view;
    }

    /** Every position of one index, for the rare repair that does not know a stale entry's time. */
    NavigableSet<Position> all(IndexId id) {
        TimeIndex index = indexes.get(id);
        return index == null ? NONE : index.positions;
    }

    /** How many entries all indexes hold. */
    long entries() {
        return entries.sum();
    }

    /** How many non-empty indexes there are. */
    int indexCount() {
        return indexes.size();
    }
}
