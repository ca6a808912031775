package io.larder.cache;

import io.larder.Key;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One load per key at a time in this process: the first reader of a missing key loads it, the
 * readers that arrive meanwhile wait for that load, readers of other keys never wait. A write
 * {@linkplain #supersede supersedes} the load in flight for its key, so that load does not cache
 * what it read before the write. Thread-safe.
 *
 * @param <T> the record type
 */
final class Flights<T> {

    /** A load in flight; the loader checks {@link #superseded} after it stored what it read. */
    static final class Flight<T> {
        private final CompletableFuture<Optional<T>> result = new CompletableFuture<>();
        private volatile boolean superseded;

        boolean superseded() {
            return superseded;
        }
    }

    private final ConcurrentHashMap<Key, Flight<T>> inFlight = new ConcurrentHashMap<>();

    /** What {@code load} gives for {@code key}, run once however many threads ask at the same time. */
    Optional<T> load(Key key, Function<Flight<T>, Optional<T>> load) {
        Flight<T> mine = new Flight<>();
        Flight<T> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Optional<T> value = load.apply(mine);
            mine.result.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.result.completeExceptionally(e);      // a failed load is not kept: the next reader tries again
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Marks the load of {@code key} in flight, if any, as older than a write; later readers start a new one. */
    void supersede(Key key) {
        Flight<T> f = inFlight.remove(key);
        if (f != null) {
            f.superseded = true;
        }
    }

    private static <T> Optional<T> await(Flight<T> running) {
        try {
            return running.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
