package io.larder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Read-modify-write over any store that has conditional saves: read the record with its version,
 * apply the change, save it expecting that version, and on a conflict start again after a short,
 * growing, randomized pause, so writers contending for one record spread out instead of retrying in
 * lockstep; a batch ({@link Storage#mergeAll}) does the same for many records at once, starting
 * again only for those that conflicted. Stateless.
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

    /** {@code records} by key, those of one key combined in order: what {@link Storage#mergeAll} merges. */
    static <T> Map<Key, T> combined(Storage<T> store, Collection<? extends T> records, BinaryOperator<T> combine) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(combine, "combine");
        Map<Key, T> wanted = new LinkedHashMap<>();
        for (T r : records) {
            Key key = store.keyOf(Objects.requireNonNull(r, "record"));
            T before = wanted.get(key);
            wanted.put(key, before == null ? r : checked(store, key, combine.apply(before, r), "combining the batch's records"));
        }
        return wanted;
    }

    /**
     * See {@link Storage#mergeAll}: {@code read} answers the stored records with their versions,
     * {@code write} saves records each expecting its version and raises one {@link ConflictException}
     * naming all that conflicted, after writing the rest.
     */
    static <T> Map<Key, T> applyAll(Storage<T> store, Map<Key, T> wanted, BinaryOperator<T> combine,
                                    Function<Collection<Key>, Map<Key, Versioned<T>>> read,
                                    Consumer<List<Versioned<T>>> write) {
        Map<Key, T> merged = new LinkedHashMap<>(wanted);
        Map<Key, T> pending = new LinkedHashMap<>(wanted);
        long pause = FIRST_PAUSE_NANOS;
        Map<Key, Versioned<T>> current = Map.of();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            current = read.apply(pending.keySet());
            List<Versioned<T>> writes = new ArrayList<>(pending.size());
            Map<Key, T> after = new LinkedHashMap<>();
            for (Map.Entry<Key, T> e : pending.entrySet()) {
                Versioned<T> stored = current.get(e.getKey());
                if (stored == null) {
                    writes.add(new Versioned<>(e.getValue(), Version.ABSENT));
                    after.put(e.getKey(), e.getValue());
                    continue;
                }
                T next = checked(store, e.getKey(), combine.apply(stored.value(), e.getValue()), "the combined record");
                if (!next.equals(stored.value())) {
                    writes.add(new Versioned<>(next, stored.version()));
                }
                after.put(e.getKey(), next);
            }
            try {
                write.accept(writes);
                merged.putAll(after);
                return merged;
            } catch (ConflictException e) {
                // the others went through: start again with the records another writer got to first
                Set<Key> again = new HashSet<>(e.conflicting());
                after.forEach((k, v) -> {
                    if (!again.contains(k)) {
                        merged.put(k, v);
                    }
                });
                pending.keySet().retainAll(again);
                if (pending.isEmpty()) {
                    return merged;
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
                pause = Math.min(LONGEST_PAUSE_NANOS, pause * 2);
            }
        }
        ConflictException gaveUp = null;
        for (Key k : pending.keySet()) {
            Versioned<T> seen = current.get(k);
            gaveUp = ConflictException.joined(gaveUp, new ConflictException(k, seen == null ? Version.ABSENT : seen.version(),
                    "record " + k + " kept changing under " + MAX_ATTEMPTS + " attempts to merge it; it was not written"));
        }
        throw Objects.requireNonNull(gaveUp, "records are pending");
    }

    private static <T> T checked(Storage<T> store, Key key, @Nullable T record, String what) {
        if (record == null) {
            throw new IllegalArgumentException(what + " for " + key + " is null; nothing was written");
        }
        requireKey(store, key, record, what);
        return record;
    }

    private static <T> void requireKey(Storage<T> store, Key key, T record, String what) {
        Key actual = store.keyOf(record);
        if (!actual.equals(key)) {
            throw new IllegalArgumentException(what + " is stored under " + actual + ", not " + key + "; nothing was written");
        }
    }
}
