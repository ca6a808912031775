package io.larder.benchmarks;

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

/**
 * The newest {@value #PAGE} messages of one group holding {@code partition} messages, through
 * {@link BenchSubject#list}. The group is written once per trial, pipelined; on Redis once per
 * run and data set ({@link Population}), since a million writes per JVM would dwarf the
 * measurement.
 *
 * <p>Sample-time mode, so JMH reports percentiles. The two layouts of chat history side by side
 * ({@code larder-jedis} keeps the records layout, {@code larder-jedis-archive} the archive):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'ListBench' -p subject=larder-jedis,larder-jedis-archive \
 *     -jvmArgsAppend -Dlarder.bench.redis=127.0.0.1:6399 [-prof gc]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
public class ListBench {
    /** Messages a page holds. */
    public static final int PAGE = 100;
    /** The group listed. */
    public static final String GROUP = "group-list";

    /** Which subject: a {@link Subject#id()}. */
    @Param({"larder-memory"})
    public String subject;

    /** Messages in the listed group. */
    @Param({"1000000"})
    public int partition;

    private BenchSubject store;

    /** Opens the subject and fills the group unless this run already did. */
    @Setup(Level.Trial)
    public void open() {
        store = Subject.of(subject).open();
        Population.ensure(store, GROUP, partition);
        List<ChatMessage> page = store.list(GROUP, PAGE);
        ChatMessage newest = ChatCorpus.message(GROUP, partition - 1);
        if (page.size() != PAGE || !page.get(0).equals(newest)) {
            throw new IllegalStateException(subject + " listed " + page.size() + " messages starting with "
                    + (page.isEmpty() ? "nothing" : page.get(0)) + "; expected " + PAGE + " starting with " + newest);
        }
    }

    /** Closes the subject. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** One page, newest first. */
    @Benchmark
    public List<ChatMessage> list() {
        return store.list(GROUP, PAGE);
    }
}
