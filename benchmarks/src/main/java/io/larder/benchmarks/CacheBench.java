package io.larder.benchmarks;

import io.larder.Key;
import io.larder.cache.CachedStore;
import java.sql.SQLException;
import java.util.List;
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
 * What the cache-aside layer costs on a read ({@link CacheFixture}), each path in its own JVM
 * ({@link CacheRun} interleaves them): {@code hit}, a {@link CachedStore#get} of a cached plan, against {@code load},
 * a plain {@link io.larder.Storage#load} of the same store; {@code degraded}, a get while the breaker is open
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
    /** Which read: {@code load}, {@code hit}, {@code jdbc} or {@code degraded}. */
    @Param({"hit"})
    public String path;

    /** Where the cache lives: {@code redis} (Larder on Jedis, the default driver) or {@code memory}. */
    @Param({"redis"})
    public String backend;

    private CacheFixture fixture;
    private List<Key> keys;
    private CacheFixture.Read read;

    /** Fills the table, builds the cache, and brings the path about (warm cache, or open breaker). */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        fixture = new CacheFixture(backend);
        if (path.equals("degraded")) {
            fixture.broken();
        } else if (!path.equals("jdbc")) {
            fixture.warm();
        }
        keys = fixture.keys;
        read = fixture.reader(path);
    }

    /** Closes the cache's Larder and the database. */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        fixture.close();
    }

    /** Each thread walks the keys from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        /** Spreads the threads over the keys. */
        @Setup(Level.Trial)
        public void place(ThreadParams thread) {
            next = (thread.getThreadIndex() * 7919) % CacheFixture.KEYS;
        }

        int next() {
            int i = next;
            next = i + 1 == CacheFixture.KEYS ? 0 : i + 1;
            return i;
        }
    }

    /** One read by key. */
    @Benchmark
    public Object read(Cursor cursor) throws SQLException {
        return read.read(keys.get(cursor.next()));
    }
}
