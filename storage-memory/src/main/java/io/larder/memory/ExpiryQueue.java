package io.larder.memory;

import io.larder.Key;
import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jspecify.annotations.Nullable;

/**
 * The records of one store that will expire, ordered by instant, so due ones are found in
 * O(log n) without a timer or thread per record. Thread-safe; callers keep it in step with the
 * records under each record's lock.
 */
final class ExpiryQueue {
    private static final Comparator<Due> ORDER = Comparator.comparingLong(Due::at)
            .thenComparing(d -> d.key().partition(), Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(d -> d.key().id());

    /**
     * A record due to expire.
     *
     * @param at the instant, epoch milliseconds
     * @param key the record
     */
    record Due(long at, Key key) {
    }

    private final ConcurrentSkipListSet<Due> queue = new ConcurrentSkipListSet<>(ORDER);

    /** Queues a record; an instant of 0 (never) is not queued. */
    void add(Key key, long at) {
        if (at != 0) {
            queue.add(new Due(at, key));
        }
    }

    void remove(Key key, long at) {
        if (at != 0) {
            queue.remove(new Due(at, key));
        }
    }

    /** Takes the earliest record due at {@code now}, or returns {@code null} when none is. */
    @Nullable Due takeDue(long now) {
        while (true) {
            Due first;
            try {
                first = queue.first();
            } catch (NoSuchElementException e) {
                return null;
            }
            if (first.at() > now) {
                return null;
            }
            if (queue.remove(first)) {
                return first;
            }
            // another thread took it; look again
        }
    }

    /** How many records are queued (walks the queue; for tests and diagnostics). */
    int size() {
        return queue.size();
    }
}
