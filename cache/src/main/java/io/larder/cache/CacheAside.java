package io.larder.cache;

import io.larder.ConflictException;
import io.larder.CorruptRecordException;
import io.larder.Key;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.cache.CacheSettings.OnPut;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CachedStore}: a Larder store in front of a loader, with a circuit breaker around
 * every call to the store. How each promise is kept:
 * <ul>
 * <li>one load per key: {@link Flights}; "not found" remembered: {@link AbsentKeys};
 * <li>never an older version over a newer one: a fill is a {@link Storage#merge} that keeps the
 *     cached record when its version is the same or newer (a conditional save, retried on a conflict);
 * <li>a write racing a load: the write supersedes the load's flight, and a superseded load removes
 *     what it cached;
 * <li>a write the cache missed (it was down): {@link Repairs}, until the stale entry is deleted.
 * </ul>
 * Thread-safe.
 */
final class CacheAside<T> implements CachedStore<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedStore.class);
    /** Keys deleted per call by a repair. */
    private static final int CHUNK = 500;

    private final Storage<T> store;
    private final Loader<T> source;
    private final ToLongFunction<T> version;
    private final @Nullable Writer<T> writer; // null: put is refused
    private final CacheSettings settings;
    private final String name;
    private final CacheMetrics metrics;
    private final CacheBreaker breaker;
    private final Flights<T> flights = new Flights<>();
    private final AbsentKeys absent;
    private final Repairs repairs = new Repairs();

    CacheAside(Storage<T> store, Loader<T> source, ToLongFunction<T> version, @Nullable Writer<T> writer,
               CacheSettings settings, MeterRegistry registry) {
        this.store = store;
        this.source = source;
        this.version = version;
        this.writer = writer;
        this.settings = settings;
        this.name = store.spec().name();
        this.metrics = new CacheMetrics(name, registry);
        this.breaker = new CacheBreaker(name, settings, registry, () -> (long) metrics.degraded.count());
        this.absent = new AbsentKeys(settings.negativeTtl());
        Gauge.builder("larder.cache.repairs.pending", repairs, Repairs::size).tag("store", name)
                .description("Keys written while the cache was unavailable whose cached entry is not yet removed")
                .register(registry);
    }

    @Override
    public Optional<T> get(Key key) {
        Objects.requireNonNull(key, "key");
        if (!repairs.isEmpty()) {
            repair();
            if (repairs.overflowed()) {
                metrics.degraded.increment();
                return fromSource(key, false, null);
            }
            Long floor = repairs.floor(key);
            if (floor != null) {
                // the cached entry may predate a write the cache missed: the source answers, and the entry is replaced
                (breaker.isClosed() ? metrics.misses : metrics.degraded).increment();
                return fromSource(key, true, floor);
            }
        }
        Optional<T> cached = peek(key);
        if (cached == null) {
            metrics.degraded.increment();
            return fromSource(key, false, null);
        }
        if (cached.isPresent()) {
            metrics.hits.increment();
            return cached;
        }
        if (absent.contains(key)) {
            metrics.hits.increment();
            return Optional.empty();
        }
        metrics.misses.increment();
        return fromSource(key, true, null);
    }

    @Override
    public Key put(T record) {
        Objects.requireNonNull(record, "record");
        if (writer == null) {
            throw new IllegalStateException("cache '" + name + "' was built without a writer: add .writer(...) to write through it");
        }
        T stored = write(writer, record);
        Key key = store.keyOf(stored);
        flights.supersede(key);
        absent.remove(key);
        boolean done = settings.onPut() == OnPut.UPDATE ? fill(key, stored) : evict(key);
        if (!done) {
            repairs.add(key, version.applyAsLong(stored));
        }
        return key;
    }

    @Override
    public void invalidate(Key key) {
        Objects.requireNonNull(key, "key");
        flights.supersede(key);
        absent.remove(key);
        if (!evict(key)) {
            repairs.add(key, Long.MAX_VALUE);
        }
    }

    @Override
    public int warmUp() {
        List<Key> keys = new ArrayList<>();
        for (String k : settings.warmUpKeys()) {
            int slash = k.indexOf('/');
            keys.add(store.spec().isPartitioned() && slash > 0 ? Key.of(k.substring(0, slash), k.substring(slash + 1)) : Key.of(k));
        }
        return warmUp(keys);
    }

    @Override
    public int warmUp(Collection<Key> keys) {
        return WarmUp.keys(name, List.copyOf(keys), breaker::isClosed, key -> fromSource(key, true, null).isPresent());
    }

    @Override
    public int warmUp(Stream<? extends T> records) {
        return WarmUp.records(name, records, breaker::isClosed, record -> fill(store.keyOf(record), record));
    }

    @Override
    public boolean isDegraded() {
        return !breaker.isClosed() || repairs.overflowed();
    }

    @Override
    public Storage<T> store() {
        return store;
    }

    @Override
    public String toString() {
        return "CachedStore[" + name + ", " + settings + (isDegraded() ? ", degraded" : "") + "]";
    }

    // ---- the source

    /** The source's answer for {@code key}, loaded once however many ask; cached when {@code fill}. */
    private Optional<T> fromSource(Key key, boolean fill, @Nullable Long floor) {
        if (!fill && absent.contains(key)) {
            return Optional.empty();
        }
        return flights.load(key, flight -> {
            if (fill && floor == null) {
                // a load of this key may have ended between our miss and our flight: it left its answer behind
                if (absent.contains(key)) {
                    return Optional.empty();
                }
                Optional<T> cached = peek(key);
                if (cached != null && cached.isPresent()) {
                    return cached;
                }
            }
            Optional<T> value = load(key);
            if (value.isEmpty()) {
                absent.add(key);
                if (flight.superseded()) {
                    absent.remove(key);                // a write came while we loaded: what we saw is older
                }
                if (floor != null && evict(key)) {
                    repairs.repaired(key, floor);
                }
            } else if (fill) {
                T found = value.get();
                Key foundKey = store.keyOf(found);
                if (!foundKey.equals(key)) {
                    throw new IllegalStateException("cache '" + name + "': the loader answered key " + key
                            + " with a record whose key is " + foundKey);
                }
                if (fill(key, found)) {
                    if (flight.superseded()) {
                        evict(key);                    // a write came while we loaded: leave nothing of ours behind
                    } else if (floor != null) {
                        repairs.repaired(key, floor);
                    }
                }
            }
            return value;
        });
    }

    private Optional<T> load(Key key) {
        Optional<T> value;
        try {
            value = source.load(key);
        } catch (RuntimeException e) {
            metrics.loadFailures.increment();
            throw e;
        } catch (Exception e) {
            metrics.loadFailures.increment();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StorageException("cache '" + name + "': the source failed to load " + key + ": " + e, e);
        }
        if (value == null) {
            metrics.loadFailures.increment();
            throw new IllegalStateException("cache '" + name + "': the loader returned null for " + key
                    + "; it must return Optional.empty() for a missing record");
        }
        metrics.loads.increment();
        return value;
    }

    private T write(Writer<T> writer, T record) {
        T stored;
        try {
            stored = writer.write(record);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StorageException("cache '" + name + "': the source failed to write a record: " + e, e);
        }
        return Objects.requireNonNull(stored, "the writer returned null; it must return the record as stored");
    }

    // ---- the cache, always through the breaker

    /** The cached record of {@code key}; {@code null} when the cache could not answer (the breaker is open, or the call failed). */
    private @Nullable Optional<T> peek(Key key) {
        if (!breaker.tryAcquire()) {
            return null;
        }
        long start = System.nanoTime();
        try {
            Optional<T> cached = store.load(key);
            breaker.succeeded(start);
            return cached;
        } catch (CorruptRecordException e) {
            breaker.succeeded(start);                  // the backend answered; the entry is replaced by the fill
            LOG.warn("cache '{}': {}; loading it from the source again", name, e.getMessage());
            return Optional.empty();
        } catch (StorageException e) {
            breaker.failed(start, e);
            return null;
        } catch (RuntimeException e) {
            breaker.released();
            throw e;
        }
    }

    /** Caches {@code value} unless a newer version is cached; whether the cache now holds nothing older. */
    private boolean fill(Key key, T value) {
        return cacheCall(() -> compareAndFill(key, value));
    }

    /** Deletes the cached entry; whether it is gone. */
    private boolean evict(Key key) {
        return cacheCall(() -> {
            store.delete(key);
            return true;
        });
    }

    /** Runs a call to the cache's store through the breaker: false when it was not made or failed. */
    private boolean cacheCall(BooleanSupplier call) {
        if (!breaker.tryAcquire()) {
            return false;
        }
        long start = System.nanoTime();
        try {
            boolean done = call.getAsBoolean();
            breaker.succeeded(start);
            return done;
        } catch (StorageException e) {
            breaker.failed(start, e);
            return false;
        } catch (RuntimeException e) {
            breaker.released();
            throw e;
        }
    }

    private boolean compareAndFill(Key key, T value) {
        long v = version.applyAsLong(value);
        UnaryOperator<T> newer = cached -> version.applyAsLong(cached) >= v ? cached : value;
        try {
            try {
                store.merge(key, value, newer);
            } catch (CorruptRecordException e) {
                store.delete(key);                     // unreadable: replaced like a miss
                store.merge(key, value, newer);
            }
        } catch (ConflictException e) {
            store.delete(key);                         // writers kept racing: an absent entry is never stale
        }
        return true;
    }

    // ---- repairs after an outage

    /** Deletes the entries written to the source while the cache was down, once the breaker has closed. */
    private void repair() {
        if (!breaker.isClosed() || !repairs.tryStart()) {
            return;
        }
        try {
            if (repairs.overflowed()) {
                long seen = repairs.untracked();
                if (!cacheCall(this::flushAll)) {
                    return;
                }
                repairs.flushed(seen);
            }
            List<Map.Entry<Key, Long>> pending = repairs.pending();
            for (int from = 0; from < pending.size(); from += CHUNK) {
                List<Map.Entry<Key, Long>> chunk = pending.subList(from, Math.min(pending.size(), from + CHUNK));
                List<Key> keys = chunk.stream().map(Map.Entry::getKey).toList();
                if (!cacheCall(() -> store.deleteAll(keys) >= 0)) {
                    return;
                }
                chunk.forEach(e -> repairs.repaired(e.getKey(), e.getValue()));
            }
            if (!pending.isEmpty()) {
                LOG.info("cache '{}': removed the cached entries of {} keys written while the cache was unavailable", name,
                        pending.size());
            }
        } finally {
            repairs.finish();
        }
    }

    private boolean flushAll() {
        int removed = 0;
        List<Key> batch = new ArrayList<>(CHUNK);
        try (Stream<T> all = store.scan(Query.all())) {
            Iterator<T> it = all.iterator();
            while (it.hasNext()) {
                batch.add(store.keyOf(it.next()));
                if (batch.size() == CHUNK) {
                    removed += store.deleteAll(batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            removed += store.deleteAll(batch);
        }
        LOG.warn("cache '{}': more than {} keys were written while the cache was unavailable; removed all {} cached entries",
                name, Repairs.MAX, removed);
        return true;
    }
}
