package io.larder;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Read-modify-write over any store that has conditional saves: read the record with its version,
 * apply the change, save it expecting that version, and on a conflict start again after a short,
 * growing, randomized pause, so writers contending for one record spread out instead of retrying in
 * lockstep. Stateless.
 */
final class AtomicUpdate {
    /** Enough for dozens of writers on one record; a record changed through all of them is a hot spot, said so. */
    static final int MAX_ATTEMPTS = 64;
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private AtomicUpdate() {
    }

    /** See {@link Storage#update} ({@code absent} null) and {@link Storage#merge}. */
    static <T> Optional<T> apply(Storage<T> store, Key key, @Nullable T absent, UnaryOperator<T> change) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(change, "change");
        if (absent != null) {
            requireKey(store, key, absent, "the record to store when none exists");
        }
        long pause = FIRST_PAUSE_NANOS;
        Version seen = Version.ABSENT;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Versioned<T>> current = store.loadVersioned(key);
            seen = current.map(Versioned::version).orElse(Version.ABSENT);
            try {
                if (current.isEmpty()) {
                    if (absent == null) {
                        return Optional.empty();
                    }
                    store.save(absent, Version.ABSENT);
                    return Optional.of(absent);
                }
                T before = current.get().value();
                T after = change.apply(before);
                if (after == null) {
                    throw new IllegalArgumentException("the change of " + key + " returned null; nothing was written");
                }
                requireKey(store, key, after, "the change's result");
                if (!after.equals(before)) {
                    store.save(after, current.get().version());
                }
                return Optional.of(after);
            } catch (ConflictException e) {
                // another writer got in between: read its record and apply the change to it
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
                pause = Math.min(LONGEST_PAUSE_NANOS, pause * 2);
            }
        }
        throw new ConflictException(key, seen, "record " + key + " kept changing under " + MAX_ATTEMPTS
                + " attempts to update it; nothing of this update was written");
    }

    private static <T> void requireKey(Storage<T> store, Key key, T record, String what) {
        Key actual = store.keyOf(record);
        if (!actual.equals(key)) {
            throw new IllegalArgumentException(what + " is stored under " + actual + ", not " + key + "; nothing was written");
        }
    }
}
