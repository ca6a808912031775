package io.larder.benchmarks;

import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.cache.CacheSettings;
import io.larder.cache.CachedStore;
import io.larder.spi.BackendSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What the cache-aside layer costs on a read, each path in its own JVM ({@link CacheRun}
 * interleaves them): {@code hit}, a {@link CachedStore#get} of a cached plan, against {@code load},
 * a plain {@link Storage#load} of the same store; {@code degraded}, a get while the breaker is open
 * (the cache's Larder is closed, so the store fails and the breaker stays open for the run),
 * against {@code jdbc}, a direct read of the same H2 row through the same prepared statement.
 * Average time: the ratio of two means is what a read costs more, and it is steadier than a
 * sampled mean on a machine with bursts of CPU steal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
public class CacheBench {
    /** Plans in the table and the cache. */
    public static final int KEYS = 1000;

    /** Which read: {@code load}, {@code hit}, {@code jdbc} or {@code degraded}. */
    @Param({"hit"})
    public String path;

    /** Where the cache lives: {@code redis} (Larder on Jedis, the default driver) or {@code memory}. */
    @Param({"redis"})
    public String backend;

    /** One read of a key, as the path does it. */
    @FunctionalInterface
    interface Read {
        Object read(Key key) throws SQLException;
    }

    private PlanTable table;
    private Larder larder;
    private List<Key> keys;
    private Read read;

    /** Fills the table, builds the cache, and brings the path about (warm cache, or open breaker). */
    @Setup(Level.Trial)
    public void open() {
        table = new PlanTable("cache-bench", KEYS);
        BackendSettings settings = backend.equals("redis") ? Subject.redisSettings(BackendSettings.Client.JEDIS)
                : BackendSettings.defaults();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        larder = Larder.builder().backend(LarderSubject.backend(settings)).meterRegistry(registry)
                .sweepEvery(Duration.ZERO).build();
        Storage<PlanRow> store = larder.store(StoreSpec.builder("cache-bench", PlanRow.class).layout(Layout.VALUES)
                .expiry(Expiry.absolute(Duration.ofHours(1))).build());
        CachedStore<PlanRow> cache = CachedStore.over(store, table::find).version(PlanRow::version).meterRegistry(registry)
                .settings(CacheSettings.builder().openFor(Duration.ofHours(1)).build()).build();
        keys = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            keys.add(Key.of(PlanTable.id(i)));
        }
        switch (path) {
            case "load", "hit" -> {
                if (cache.warmUp(keys) != KEYS) {
                    throw new IllegalStateException("the warm-up did not find every plan");
                }
                read = path.equals("load") ? store::load : cache::get;
            }
            case "jdbc" -> read = table::find;
            case "degraded" -> {
                larder.close();                        // every cache call now fails: the breaker opens and stays open
                for (int i = 0; !cache.isDegraded(); i++) {
                    if (i > 1000) {
                        throw new IllegalStateException("the breaker did not open");
                    }
                    cache.get(keys.get(0));
                }
                read = cache::get;
            }
            default -> throw new IllegalArgumentException("path must be load, hit, jdbc or degraded, got " + path);
        }
        try {
            Object found = read.read(keys.get(KEYS - 1));
            if (!(found instanceof Optional<?> o) || o.isEmpty()) {
                throw new IllegalStateException(path + " did not find " + keys.get(KEYS - 1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the cache's Larder and the database. */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        larder.close();
        table.close();
    }

    /** Each thread walks the keys from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        /** Spreads the threads over the keys. */
        @Setup(Level.Trial)
        public void place(ThreadParams thread) {
            next = (thread.getThreadIndex() * 7919) % KEYS;
        }

        int next() {
            int i = next;
            next = i + 1 == KEYS ? 0 : i + 1;
            return i;
        }
    }

    /** One read by key. */
    @Benchmark
    public Object read(Cursor cursor) throws SQLException {
        return read.read(keys.get(cursor.next()));
    }
}
