package io.larder.benchmarks;

import java.util.ArrayList;
import java.util.List;
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
 * Appends of new messages, {@value #BATCH} per call, through {@link BenchSubject#append}: what an
 * importer or a live bot sends, where {@link OperationBench#saveAll} rewrites the same messages.
 * Every call brings messages no run has stored before, each newer than the last of its group, spread
 * round-robin over {@code groups} groups named after the fork, so a second run on the same server
 * starts empty groups. {@code raw-jedis} pipelines a {@code SET} and a timeline {@code ZADD} per
 * message; {@code larder-jedis-timeline} is the records layout with a timeline, {@code
 * larder-jedis-archive} the archive layout. A call counts its {@value #BATCH} messages as operations.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'AppendBench' -p subject=raw-jedis,larder-jedis-archive \
 *     -p groups=1,100 -bm thrpt -tu s -jvmArgsAppend -Dlarder.bench.redis=127.0.0.1:6399
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
public class AppendBench {
    /** Messages per call. */
    public static final int BATCH = 1000;

    /** Which subject: a {@link Subject#id()}. */
    @Param({"larder-memory"})
    public String subject;

    /** Groups a batch is spread over: 1 is one group's history, 100 a busy bot's traffic. */
    @Param({"1"})
    public int groups;

    private BenchSubject store;
    /** Message texts, senders and types of the corpus, reused with new ids and times: building text would be timed. */
    private List<ChatMessage> templates;
    private String[] groupIds;
    private long next;

    /** Opens the subject and names this fork's groups. */
    @Setup(Level.Trial)
    public void open() {
        store = Subject.of(subject).open();
        templates = ChatCorpus.spread(BATCH, 1);
        groupIds = new String[groups];
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int g = 0; g < groups; g++) {
            groupIds[g] = "append-" + run + "-" + g;
        }
    }

    /** Closes the subject. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** {@value #BATCH} new messages in one call. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void append() {
        List<ChatMessage> batch = new ArrayList<>(BATCH);
        for (ChatMessage t : templates) {
            long i = next++;
            batch.add(new ChatMessage(Long.toString(7_400_000_000_000_000_000L + i), groupIds[(int) (i % groups)],
                    t.senderId(), t.senderName(), t.msgType(), t.platform(), ChatCorpus.EPOCH_MILLIS + i * 1500, t.text()));
        }
        store.append(batch);
    }
}
