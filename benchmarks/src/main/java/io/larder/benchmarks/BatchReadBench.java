package io.larder.benchmarks;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code loadAll} of {@value #BATCH} keys over 10 partitions of a records-layout store on Redis,
 * the keys all present or all absent (the check an importer makes before inserting). Not part of
 * {@code benchmarks/run}; run it alone:
 * {@code java -jar benchmarks/target/benchmarks.jar BatchReadBench -jvmArgsAppend -Dlarder.bench.redis=127.0.0.1:6402}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 2, time = 3)
public class BatchReadBench {
    static final int BATCH = 1000;

    /** A small record: a chat line's fields. */
    public record Line(String id, String group, String text, long at) {
    }

    @Param({"JEDIS", "LETTUCE"})
    public String client;

    @Param({"absent", "present"})
    public String keys;

    private Larder larder;
    private Storage<Line> lines;
    private List<Key> batch;
    private int expected;

    @Setup(Level.Trial)
    public void open() {
        RedisTarget target = RedisTarget.fromSystemProperty();
        RedisSettings settings = RedisSettings.builder().address(target.host(), target.port())
                .client(RedisSettings.Client.valueOf(client)).build();
        larder = Larder.builder().backend(RedisBackend.create(settings)).build();
        lines = larder.store(StoreSpec.builder("batch-read-" + keys, Line.class).partitionBy("group").build());
        List<Line> stored = new ArrayList<>(BATCH);
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            Line line = new Line("n" + i, "g" + (i % 10), "a chat line of about the usual length, in a group",
                    1_790_000_000_000L + i);
            stored.add(line);
            batch.add(Key.of(line.group(), keys.equals("present") ? line.id() : "absent-" + i));
        }
        lines.saveAll(stored);
        expected = keys.equals("present") ? BATCH : 0;
    }

    @TearDown(Level.Trial)
    public void close() {
        larder.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Map<Key, Line> loadAll() {
        Map<Key, Line> found = lines.loadAll(batch);
        if (found.size() != expected) {
            throw new IllegalStateException("loadAll found " + found.size() + " of " + BATCH + " " + keys + " keys");
        }
        return found;
    }
}
