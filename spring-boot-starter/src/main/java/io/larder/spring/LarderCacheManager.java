package io.larder.spring;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.cache.CacheSettings;
import io.larder.cache.CachedStore;
import io.larder.config.CacheDeclaration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Spring's cache abstraction on Larder's cache-aside: one {@link Cache} per cache
 * {@code larder.caches} declares, named after its store, each on a {@link CachedStore}. The
 * annotated method is the source: while the cache's backend is unavailable, a read goes straight
 * to the method and a write is remembered for repair (the cache's breaker logs one WARN, then one
 * INFO when it answers again), so {@code @Cacheable} keeps working through a Redis outage instead
 * of throwing. Values are stored as JSON: a cache keeps the type {@link ValueTypes} registers for
 * it ({@code String} when none is), and refuses a value of another type, naming the cache. A cached
 * store must not be partitioned: a Spring cache key is one id. Thread-safe.
 */
public final class LarderCacheManager implements CacheManager {
    private final Larder larder;
    private final Map<String, CacheDeclaration> declared;
    private final ValueTypes types;
    private final ConcurrentHashMap<String, LarderCache> caches = new ConcurrentHashMap<>();

    private LarderCacheManager(Larder larder, Map<String, CacheDeclaration> declared, ValueTypes types) {
        this.larder = larder;
        this.declared = declared;
        this.types = types;
    }

    /**
     * A manager of the caches {@code declarations} describe ({@code LarderSettings.caches()}), each
     * keeping values of the type {@code types} registers for it.
     */
    public static LarderCacheManager of(Larder larder, List<CacheDeclaration> declarations, ValueTypes types) {
        Objects.requireNonNull(larder, "larder");
        Objects.requireNonNull(types, "types");
        Map<String, CacheDeclaration> declared = new LinkedHashMap<>();
        declarations.forEach(d -> declared.put(d.store(), d));
        for (String name : types.types.keySet()) {
            if (!declared.containsKey(name)) {
                throw new ConfigurationException("a value type is registered for the cache '" + name + "', which"
                        + " larder.caches does not declare (declared: " + declared.keySet() + ")");
            }
        }
        return new LarderCacheManager(larder, declared, types);
    }

    /** The cache {@code name}, or null when {@code larder.caches} does not declare it. */
    @Override
    public @Nullable Cache getCache(String name) {
        CacheDeclaration d = declared.get(name);
        return d == null ? null : caches.computeIfAbsent(name, n -> open(d));
    }

    @Override
    public Collection<String> getCacheNames() {
        return List.copyOf(declared.keySet());
    }

    @SuppressWarnings("rawtypes")
    private LarderCache open(CacheDeclaration d) {
        Storage<Map> store = larder.store(d.store(), Map.class);
        if (store.spec().isPartitioned()) {
            throw new ConfigurationException("store '" + d.store() + "' is partitioned, so it cannot hold a Spring cache,"
                    + " whose keys are single ids: drop its partition-by");
        }
        return new LarderCache(d.store(), store, settings(d), types.types.getOrDefault(d.store(), String.class),
                larder);
    }

    private static CacheSettings settings(CacheDeclaration d) {
        return CacheSettings.builder().negativeTtl(d.negativeTtl())
                .onPut(d.onPut() == CacheDeclaration.OnPut.UPDATE ? CacheSettings.OnPut.UPDATE : CacheSettings.OnPut.INVALIDATE)
                .failureRate(d.failureRate()).window(d.window()).openFor(d.openFor()).probes(d.probes())
                .slowCall(d.slowCall()).warmUpKeys(d.warmUpKeys()).build();
    }

    /** The value type each cache keeps; a bean of this type is picked up by the auto-configuration. Immutable. */
    public static final class ValueTypes {
        private final Map<String, Class<?>> types;

        private ValueTypes(Map<String, Class<?>> types) {
            this.types = Map.copyOf(types);
        }

        /** No type registered: every cache keeps strings. */
        public static ValueTypes none() {
            return new ValueTypes(Map.of());
        }

        /** The types of the caches named, e.g. {@code Map.of("plans", Plan.class)}. */
        public static ValueTypes of(Map<String, Class<?>> types) {
            return new ValueTypes(types);
        }

        @Override
        public String toString() {
            return "ValueTypes" + types;
        }
    }
}
