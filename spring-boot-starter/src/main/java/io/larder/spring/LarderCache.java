package io.larder.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.cache.CacheSettings;
import io.larder.cache.CachedStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * One Spring {@link Cache} on a {@link CachedStore}: each entry a record {@code {id, version, value}}
 * of the store, the value as JSON. The source a {@code CachedStore} loads from is the value loader
 * of the call in progress ({@code @Cacheable(sync = true)}), or none: a read without a loader that
 * misses reports a miss, and Spring calls the method and puts its result. Versions come from one
 * counter per cache that follows the clock, so a put never loses to an older load. Thread-safe.
 */
@SuppressWarnings("rawtypes")
final class LarderCache implements Cache {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final String VERSION = "version";
    private static final String VALUE = "value";

    /** Thrown by the loader when the call in progress has no value loader: a miss. */
    private static final class NoLoader extends RuntimeException {
        NoLoader() {
            super("no value loader", null, false, false);
        }
    }

    private final String name;
    private final Storage<Map> store;
    private final String idField;
    private final Class<?> type;
    private final Clock clock;
    private final CachedStore<Map> cached;
    private final ThreadLocal<Callable<?>> loader = new ThreadLocal<>();
    private final AtomicLong versions = new AtomicLong();

    LarderCache(String name, Storage<Map> store, CacheSettings settings, Class<?> type, Larder larder) {
        this.name = name;
        this.store = store;
        this.idField = store.spec().idField();
        this.type = type;
        this.clock = larder.clock();
        this.cached = CachedStore.over(store, this::load)
                .version(r -> ((Number) Objects.requireNonNull(r.get(VERSION), "a cache entry without a version"))
                        .longValue())
                .writer(r -> r)                      // the source is the cached method, which already ran
                .settings(settings)
                .meterRegistry(larder.meterRegistry())
                .build();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object getNativeCache() {
        return cached;
    }

    @Override
    public @Nullable ValueWrapper get(Object key) {
        try {
            Optional<Map> found = cached.get(key(key));
            // without a loader an empty answer is a remembered "not found": a cached null
            return new SimpleValueWrapper(found.map(this::value).orElse(null));
        } catch (NoLoader miss) {
            return null;
        }
    }

    @Override
    public <T> @Nullable T get(Object key, @Nullable Class<T> wanted) {
        ValueWrapper w = get(key);
        Object v = w == null ? null : w.get();
        if (v != null && wanted != null && !wanted.isInstance(v)) {
            throw new IllegalStateException("cache '" + name + "' holds a " + v.getClass().getName() + " under " + key
                    + ", not a " + wanted.getName());
        }
        return wanted == null ? null : wanted.cast(v);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        Callable<?> outer = loader.get();
        loader.set(valueLoader);
        try {
            return (T) cached.get(key(key)).map(this::value).orElse(null);
        } finally {
            if (outer == null) {
                loader.remove();
            } else {
                loader.set(outer);
            }
        }
    }

    @Override
    public void put(Object key, @Nullable Object value) {
        if (value == null) {
            cached.invalidate(key(key));           // a null result is not kept: the method runs again next time
            return;
        }
        cached.put(entry(key(key), value));
    }

    @Override
    public void evict(Object key) {
        cached.invalidate(key(key));
    }

    @Override
    public void clear() {
        try (Stream<Map> all = store.scan(Query.all().allowScan())) {
            all.forEach(r -> cached.invalidate(Key.of(String.valueOf(r.get(idField)))));
        }
    }

    private Optional<Map> load(Key key) throws Exception {
        Callable<?> source = loader.get();
        if (source == null) {
            throw new NoLoader();
        }
        Object value;
        try {
            value = source.call();
        } catch (Exception e) {
            throw new ValueRetrievalException(key.id(), source, e);
        }
        return value == null ? Optional.empty() : Optional.of(entry(key, value));
    }

    private Map<String, Object> entry(Key key, Object value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("cache '" + name + "' keeps " + type.getName() + " values, not "
                    + value.getClass().getName() + " (register the type: LarderCacheManager.ValueTypes)");
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(idField, key.id());
        record.put(VERSION, nextVersion());
        record.put(VALUE, type == String.class ? value : JSON.convertValue(value, Object.class));
        return record;
    }

    private @Nullable Object value(Map record) {
        Object v = record.get(VALUE);
        return type == String.class ? v : JSON.convertValue(v, type);
    }

    /** Microseconds of the clock, raised past the last one handed out. */
    private long nextVersion() {
        long now = clock.millis() * 1000;
        return versions.updateAndGet(last -> Math.max(last + 1, now));
    }

    private static Key key(Object key) {
        return Key.of(String.valueOf(key));
    }
}
