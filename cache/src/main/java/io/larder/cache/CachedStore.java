package io.larder.cache;

import io.larder.Key;
import io.larder.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Cache-aside over a source of truth: {@link #get} reads a Larder store (the cache) and, on a
 * miss, loads the record from the source once however many threads ask, and caches it with
 * the store's expiry; a key the source does not have is remembered briefly. {@link #put} writes
 * the source, then the cache. The cache never replaces a newer version of a record with an older
 * one, so a {@code put} racing a {@code get} cannot leave the older value cached.
 *
 * <p>When the cache's backend fails or is slow, {@code get} reads the source and succeeds; a
 * circuit breaker then sends every read to the source without trying the cache, logs one WARN,
 * probes the cache after {@link CacheSettings#openFor()}, and logs one INFO when it answers
 * again. A {@code put} or {@code invalidate} made meanwhile is remembered, and its key is read
 * from the source (never from the cache) until the stale entry has been removed.
 *
 * <pre>{@code
 * CachedStore<Plan> plans = CachedStore.over(larder.store("plans", Plan.class), planDao::find)
 *         .version(Plan::version).writer(planDao::save).build();
 * Optional<Plan> p = plans.get(Key.of("1001"));
 * }</pre>
 *
 * Metrics (tag {@code store}): {@code larder.cache.gets} ({@code result}: hit, miss, degraded),
 * {@code larder.cache.loads} ({@code outcome}: success, failure), {@code larder.cache.breaker.state}
 * ({@code state}: closed, open, half_open; 1 for the current one), {@code larder.cache.repairs.pending}.
 * Thread-safe.
 *
 * @param <T> the record type
 */
public interface CachedStore<T> {

    /** A builder of a cache of {@code source} in {@code cache}; {@link Builder#version} is required. */
    static <T> Builder<T> over(Storage<T> cache, Loader<T> source) {
        return new Builder<>(cache, source);
    }

    /**
     * The record {@code key} names: from the cache, else from the source (then cached), or from
     * the source alone while the cache is unavailable. Empty when the source has none.
     *
     * @throws RuntimeException what the source's loader threw (a checked exception wrapped in a
     *     {@link io.larder.StorageException}); the cache's own failures never reach the caller
     */
    Optional<T> get(Key key);

    /**
     * Writes {@code record} to the source through the {@link Writer}, then updates or invalidates
     * the cache as {@link CacheSettings#onPut()} says. Returns the record's key.
     *
     * @throws IllegalStateException when the cache was built without a writer
     * @throws RuntimeException what the writer threw; the cache is then untouched
     */
    Key put(T record);

    /** Drops the cached record and any remembered "not found" of {@code key}: the next read loads it. */
    void invalidate(Key key);

    /** Loads the keys {@link CacheSettings#warmUpKeys()} names from the source into the cache; returns how many it found. */
    int warmUp();

    /** Loads {@code keys} from the source into the cache, logging progress; returns how many the source had. */
    int warmUp(Collection<Key> keys);

    /** Caches {@code records}, as read in bulk from the source (a query for the active ones); consumes and closes the stream; returns how many. */
    int warmUp(Stream<? extends T> records);

    /** Whether reads are going to the source because the cache is unavailable (the breaker is not closed). */
    boolean isDegraded();

    /** The store that holds the cache. */
    Storage<T> store();

    /** Builds a {@link CachedStore}; each setting may be made once. Not thread-safe. */
    final class Builder<T> {
        private final Storage<T> cache;
        private final Loader<T> source;
        private @Nullable ToLongFunction<T> version;
        private @Nullable Writer<T> writer;
        private @Nullable CacheSettings settings;
        private @Nullable MeterRegistry registry;

        private Builder(Storage<T> cache, Loader<T> source) {
            this.cache = Objects.requireNonNull(cache, "cache");
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * How to read a record's version: a number the source raises on every change (a row's
         * version column). Required: it is how the cache tells the newer of two values.
         */
        public Builder<T> version(ToLongFunction<T> v) {
            once(version, "version");
            version = Objects.requireNonNull(v, "version");
            return this;
        }

        /** How {@link CachedStore#put} writes the source; without it {@code put} is refused. */
        public Builder<T> writer(Writer<T> w) {
            once(writer, "writer");
            writer = Objects.requireNonNull(w, "writer");
            return this;
        }

        /** The cache's settings (default {@link CacheSettings#defaults()}). */
        public Builder<T> settings(CacheSettings s) {
            once(settings, "settings");
            settings = Objects.requireNonNull(s, "settings");
            return this;
        }

        /** Where metrics go: give the registry the Larder was built with (default Micrometer's global registry, as the Larder's). */
        public Builder<T> meterRegistry(MeterRegistry r) {
            once(registry, "meter registry");
            registry = Objects.requireNonNull(r, "meterRegistry");
            return this;
        }

        /** The cache; it does no I/O until used. */
        public CachedStore<T> build() {
            if (version == null) {
                throw new IllegalStateException("a version is required (e.g. .version(Plan::version)): without it the cache"
                        + " cannot tell an older value from a newer one");
            }
            return new CacheAside<>(cache, source, version, writer, settings == null ? CacheSettings.defaults() : settings,
                    registry == null ? Metrics.globalRegistry : registry);
        }

        private static void once(@Nullable Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
        }
    }
}
