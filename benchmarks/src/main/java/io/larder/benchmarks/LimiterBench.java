package io.larder.benchmarks;

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
 * Rate-limit decisions per second through {@link LimitSubject}: one limit (per minute) or three
 * (per minute, day and month), on {@value #MANY} subjects each thread walks, or all threads on one
 * hot subject. Every decision admits (the limits hold {@value #ADMIT_ALL} permits): the cost of
 * the path a paid API call takes. A denial fails the run. Run with {@code -t} for threads;
 * {@link LimiterRun} interleaves the peers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
public class LimiterBench {
    /** Subjects in the many-subjects workload. */
    public static final int MANY = 10_000;
    /** What each limit holds: more than a run can take, so every decision admits. */
    public static final long ADMIT_ALL = 1_000_000_000L;

    /** Which limiter: a {@link LimitPeer} id. */
    @Param({"larder-jedis"})
    public String subject;

    /** 1 (per minute) or 3 (per minute, day and month). */
    @Param({"1"})
    public int limits;

    /** {@code many} subjects, or one {@code hot} subject every thread asks for. */
    @Param({"many"})
    public String subjects;

    private LimitSubject limiter;
    private String[] names;
    private boolean hot;

    /** Opens the limiter under a namespace of its own, so no earlier step's counters are met. */
    @Setup(Level.Trial)
    public void open() {
        hot = switch (subjects) {
            case "hot" -> true;
            case "many" -> false;
            default -> throw new IllegalArgumentException("subjects is many or hot, got " + subjects);
        };
        limiter = LimitPeer.of(subject).open(RedisTarget.fromSystemProperty(), limits, ADMIT_ALL,
                "bench-" + subject + "-" + limits + "-" + subjects + "-" + ProcessHandle.current().pid());
        names = new String[MANY];
        for (int i = 0; i < MANY; i++) {
            names[i] = "user-" + i;
        }
    }

    /** Closes the limiter. */
    @TearDown(Level.Trial)
    public void close() {
        limiter.close();
    }

    /** Each thread walks the subjects from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        /** Spreads the threads over the subjects. */
        @Setup(Level.Trial)
        public void place(ThreadParams thread) {
            next = (thread.getThreadIndex() * 1237) % MANY;
        }

        int next() {
            int i = next;
            next = i + 1 == MANY ? 0 : i + 1;
            return i;
        }
    }

    /** One decision, which must admit. */
    @Benchmark
    public boolean decide(Cursor cursor) {
        String who = hot ? "hot" : names[cursor.next()];
        if (!limiter.tryAcquire(who)) {
            throw new IllegalStateException(subject + " denied " + who + ": the benchmark measures admitted decisions");
        }
        return true;
    }
}
