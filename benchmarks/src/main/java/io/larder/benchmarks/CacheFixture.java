package io.larder.benchmarks;

import io.larder.BackendSettings;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.cache.CacheSettings;
import io.larder.cache.CachedStore;
import io.larder.redis.RedisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the cache benchmarks read: a table of {@value #KEYS} plans in H2, a Larder store on the
 * chosen backend, and a {@link CachedStore} of the table in that store, either warm (every plan
 * cached) or broken (its Larder closed, so the breaker is open for the run). Not thread-safe to
 * build; the readers it hands out are.
 */
final class CacheFixture implements AutoCloseable {
    /** Plans in the table and the cache. */
    static final int KEYS = 1000;

    /** One read of a key. */
    @FunctionalInterface
    interface Read {
        Optional<PlanRow> read(Key key) throws SQLException;
    }

    final PlanTable table;
    final Larder larder;
    final Storage<PlanRow> store;
    final CachedStore<PlanRow> cache;
    final List<Key> keys = new ArrayList<>(KEYS);

    /** The fixture on {@code backend}: {@code redis} (Larder on Jedis, from {@link RedisTarget#PROPERTY}) or {@code memory}. */
    CacheFixture(String backend) {
        table = new PlanTable("cache-bench", KEYS);
        BackendSettings settings = switch (backend) {
            case "redis" -> Subject.redisSettings(RedisSettings.Client.JEDIS);
            case "memory" -> BackendSettings.defaults();
            default -> throw new IllegalArgumentException("backend must be redis or memory, got " + backend);
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        larder = Larder.builder().backend(LarderSubject.backend(settings)).meterRegistry(registry).sweepEvery(Duration.ZERO).build();
        store = larder.store(StoreSpec.builder("cache-bench", PlanRow.class).layout(Layout.VALUES)
                .expiry(Expiry.absolute(Duration.ofHours(1))).build());
        cache = CachedStore.over(store, table::find).version(PlanRow::version).meterRegistry(registry)
                .settings(CacheSettings.builder().openFor(Duration.ofHours(1)).build()).build();
        for (int i = 0; i < KEYS; i++) {
            keys.add(Key.of(PlanTable.id(i)));
        }
    }

    /** Caches every plan. */
    CacheFixture warm() {
        if (cache.warmUp(keys) != KEYS) {
            throw new IllegalStateException("the warm-up did not find every plan");
        }
        return this;
    }

    /** Closes the cache's Larder, so every cache call fails, and reads until the breaker has opened. */
    CacheFixture broken() throws SQLException {
        larder.close();
        for (int i = 0; !cache.isDegraded(); i++) {
            if (i > 1000) {
                throw new IllegalStateException("the breaker did not open");
            }
            cache.get(keys.get(0));
        }
        return this;
    }

    /** The read a benchmark path names: {@code load}, {@code hit}, {@code jdbc} or {@code degraded}. */
    Read reader(String path) {
        Read read = switch (path) {
            case "load" -> store::load;
            case "hit", "degraded" -> cache::get;
            case "jdbc" -> table::find;
            default -> throw new IllegalArgumentException("path must be load, hit, jdbc or degraded, got " + path);
        };
        try {
            if (read.read(keys.get(KEYS - 1)).isEmpty()) {
                throw new IllegalStateException(path + " did not find " + keys.get(KEYS - 1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return read;
    }

    @Override
    public void close() throws SQLException {
        larder.close();
        table.close();
    }
}
