package io.larder.cache;

import io.larder.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Keys whose cached entry may be stale because a {@code put} or {@code invalidate} could not
 * reach the cache (it was down): each with the version the cache must not be older than
 * ({@link Long#MAX_VALUE} after an invalidate: nothing cached is trusted). Until a key is
 * repaired, reads of it skip the cache; when the cache answers again, the entries are deleted.
 * Past {@value #MAX} keys, single keys are no longer tracked and the whole cache store is
 * flushed instead before it is trusted again. Thread-safe.
 */
final class Repairs {
    static final int MAX = 100_000;

    private final ConcurrentHashMap<Key, Long> floors = new ConcurrentHashMap<>();
    /** Raised by every write that could not be tracked for lack of room; zero when none. */
    private final AtomicLong untracked = new AtomicLong();
    private final ReentrantLock running = new ReentrantLock();

    /** Remembers that the cached entry of {@code key} must not be older than {@code floor}. */
    void add(Key key, long floor) {
        if (floors.size() >= MAX && !floors.containsKey(key)) {
            untracked.incrementAndGet();
            return;
        }
        floors.merge(key, floor, Math::max);
    }

    /** Whether nothing waits for repair: the common case, checked on every read. */
    boolean isEmpty() {
        return untracked.get() == 0 && floors.isEmpty();
    }

    /** Whether the whole cache is untrusted until it has been flushed. */
    boolean overflowed() {
        return untracked.get() != 0;
    }

    /** The floor of {@code key}, or {@code null} when its cached entry can be trusted. */
    @Nullable Long floor(Key key) {
        return floors.get(key);
    }

    /** The entry of {@code key} was repaired at {@code floor}; a later, higher floor stays. */
    void repaired(Key key, long floor) {
        floors.remove(key, floor);
    }

    /** How many keys wait for repair. */
    int size() {
        return floors.size();
    }

    /** A snapshot of the keys and floors waiting, for a bulk repair. */
    List<Map.Entry<Key, Long>> pending() {
        return new ArrayList<>(floors.entrySet());
    }

    /** The untracked-write count now; {@link #flushed} clears the overflow only if no write was dropped since. */
    long untracked() {
        return untracked.get();
    }

    /** The whole cache was flushed after {@code seen} untracked writes. */
    void flushed(long seen) {
        untracked.compareAndSet(seen, 0);
    }

    /** One thread repairs at a time; the others carry on with the per-key checks. */
    boolean tryStart() {
        return running.tryLock();
    }

    void finish() {
        running.unlock();
    }
}
