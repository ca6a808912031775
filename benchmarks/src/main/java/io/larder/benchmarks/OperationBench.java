package io.larder.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Single and batched saves and loads of one chat message through {@link BenchSubject}. Sample
 * time gives the latency percentiles; throughput is threads divided by the mean. A batch method
 * counts each of its {@value #BATCH} records as an operation. Run with {@code -t} for threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
public class OperationBench {
    /** Distinct messages (and keys) the operations cycle over, by default. */
    public static final int KEYS = 5_000;
    /** Groups the messages are spread over. */
    public static final int GROUPS = 100;
    /** Records per batch. */
    public static final int BATCH = 1000;

    /** Which subject: a {@link Subject#id()}. */
    @Param({"larder-memory"})
    public String subject;

    /** Distinct messages the operations cycle over: a multiple of {@value #BATCH}. */
    @Param({"5000"})
    public int keys;

    private BenchSubject store;
    private List<ChatMessage> messages;
    private List<MessageRef> refs;

    /** Opens the subject and stores every message once, so loads always hit. */
    @Setup(Level.Trial)
    public void open() {
        if (keys < BATCH || keys % BATCH != 0) {
            throw new IllegalArgumentException("keys must be a positive multiple of " + BATCH + ", got " + keys);
        }
        store = Subject.of(subject).open();
        messages = ChatCorpus.spread(keys, GROUPS);
        refs = new ArrayList<>(keys);
        for (ChatMessage m : messages) {
            refs.add(MessageRef.of(m));
        }
        for (int from = 0; from < keys; from += BATCH) {
            store.saveAll(messages.subList(from, from + BATCH));
        }
        ChatMessage back = store.load(refs.get(keys - 1));
        if (!messages.get(keys - 1).equals(back)) {
            throw new IllegalStateException(subject + " loaded " + back + " after saving " + messages.get(keys - 1));
        }
    }

    /** Closes the subject. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** Each thread walks the keys from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        private int keys;
        private int next;
        private int nextBatch;

        /** Spreads the threads over the key space. */
        @Setup(Level.Trial)
        public void place(ThreadParams thread, OperationBench bench) {
            keys = bench.keys;
            next = (thread.getThreadIndex() * 7919) % keys;
            nextBatch = thread.getThreadIndex() % (keys / BATCH);
        }

        int next() {
            int i = next;
            next = i + 1 == keys ? 0 : i + 1;
            return i;
        }

        int nextBatch() {
            int b = nextBatch;
            nextBatch = (b + 1) % (keys / BATCH);
            return b * BATCH;
        }
    }

    /** One upsert. */
    @Benchmark
    public void save(Cursor cursor) {
        store.save(messages.get(cursor.next()));
    }

    /** One read by key. */
    @Benchmark
    public @Nullable ChatMessage load(Cursor cursor) {
        return store.load(refs.get(cursor.next()));
    }

    /** {@value #BATCH} upserts in one call. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void saveAll(Cursor cursor) {
        int from = cursor.nextBatch();
        store.saveAll(messages.subList(from, from + BATCH));
    }

    /**
     * {@value #BATCH} upserts in one call, none of them expiring: a store's default
     * ({@code Expiry.none()}) beside the raw drivers' plain {@code SET}. Needs the JVM flag
     * {@code -Dlarder.bench.lasting=true} ({@link RawKeys#LASTING}; {@code benchmarks/run} passes it
     * for this method), and refuses to run without it rather than measure expiring writes under its name.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void saveAllLasting(Cursor cursor) {
        if (!RawKeys.LASTING) {
            throw new IllegalStateException("saveAllLasting measures writes that never expire: run it with -Dlarder.bench.lasting=true");
        }
        saveAll(cursor);
    }

    /** {@value #BATCH} reads by key in one call. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<ChatMessage> loadAll(Cursor cursor) {
        int from = cursor.nextBatch();
        return store.loadAll(refs.subList(from, from + BATCH));
    }
}
