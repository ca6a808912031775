package io.larder.cache;

import io.larder.Key;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys the source did not have, remembered in this process for the negative TTL so a missing
 * row is not a query per request. Kept in memory rather than in the cache's store: the store
 * holds records of the cached type, and a Redis entry of the cache always wins over this one
 * (a hit is checked first), so a record another process added is seen at once. At most
 * {@value #MAX} keys. Thread-safe.
 */
final class AbsentKeys {
    static final int MAX = 10_000;

    private final long ttlNanos;
    private final ConcurrentHashMap<Key, Long> until = new ConcurrentHashMap<>();

    AbsentKeys(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** Whether {@code key} is known to be absent from the source. */
    boolean contains(Key key) {
        Long deadline = until.get(key);
        if (deadline == null) {
            return false;
        }
        if (System.nanoTime() - deadline < 0) {
            return true;
        }
        until.remove(key, deadline);
        return false;
    }

    /** Remembers that the source has no {@code key}. */
    void add(Key key) {
        if (ttlNanos == 0) {
            return;
        }
        if (until.size() >= MAX) {
            trim();
        }
        until.put(key, System.nanoTime() + ttlNanos);
    }

    /** Forgets {@code key}: it was written, or a read that raced a write remembered it. */
    void remove(Key key) {
        until.remove(key);
    }

    private void trim() {
        long now = System.nanoTime();
        until.values().removeIf(deadline -> now - deadline >= 0);
        // still full of live entries: drop some; forgetting a miss costs one query, never a wrong answer
        Iterator<Key> it = until.keySet().iterator();
        while (until.size() >= MAX * 9 / 10 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
