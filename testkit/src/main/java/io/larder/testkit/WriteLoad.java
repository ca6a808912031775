package io.larder.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Writers saving records with unique ids in a loop, as an application's request threads would,
 * and what each call did: the ids acknowledged and when, the failures by exception type, the
 * longest pause between two acknowledgements of any writer. A fault test starts one, breaks a
 * server, stops it and reads every acknowledged id back:
 * <pre>{@code
 * WriteLoad load = WriteLoad.start("jedis", 4, Duration.ofMillis(1), id -> notes.save(Note.of(id, group(id), "a", 0)));
 * group.killMaster();
 * load.stop();
 * long lost = load.acknowledged().size() - notes.loadAll(keys(load.acknowledged())).size();
 * }</pre>
 * A failed call is not retried: the writer waits 10 ms, as a caller's retry loop would, and
 * saves its next id. Thread-safe.
 */
public final class WriteLoad implements AutoCloseable {

    /** Saves the record with {@code id} (unique within the load); returning normally means acknowledged. */
    @FunctionalInterface
    public interface Save {
        /** Saves one record. */
        void save(String id) throws Exception;
    }

    /**
     * The longest pause between two acknowledgements.
     *
     * @param fromNanos when the acknowledgement before it came ({@link System#nanoTime()})
     * @param toNanos when the one after it came
     */
    public record Gap(long fromNanos, long toNanos) {
        /** Its length. */
        public Duration length() {
            return Duration.ofNanos(toNanos - fromNanos);
        }
    }

    private static final long RETRY_PAUSE_MILLIS = 10;

    private final String name;
    private final List<Writer> writers = new ArrayList<>();
    private final Map<String, String> firstFailures = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    private WriteLoad(String name) {
        this.name = name;
    }

    /**
     * Starts {@code writers} threads, each calling {@code save} with its own ids
     * ({@code name-w<writer>-<n>}) at most once per {@code pace} (zero: as fast as it can).
     */
    public static WriteLoad start(String name, int writers, Duration pace, Save save) {
        WriteLoad load = new WriteLoad(name);
        for (int w = 0; w < writers; w++) {
            Writer writer = load.new Writer(name + "-w" + w, pace.toNanos(), save);
            load.writers.add(writer);
        }
        load.writers.forEach(writer -> writer.thread.start());
        return load;
    }

    /** Waits until at least {@code count} writes were acknowledged in all. */
    public void awaitAcknowledged(long count, Duration timeout) {
        Poll.until(timeout, count + " acknowledged writes of " + name, () -> acknowledgedCount() >= count ? true : null);
    }

    /** How many writes were acknowledged so far. */
    public long acknowledgedCount() {
        long n = 0;
        for (Writer w : writers) {
            n += w.count();
        }
        return n;
    }

    /** Stops every writer and waits for its call in flight to end; idempotent. */
    public void stop() {
        stop.set(true);
        for (Writer w : writers) {
            try {
                w.thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestkitException("interrupted while stopping " + name, e);
            }
            if (w.thread.isAlive()) {
                throw new TestkitException(w.thread.getName() + " is still inside a save 60 s after it was asked to stop");
            }
        }
    }

    /** Stops the writers. */
    @Override
    public void close() {
        stop();
    }

    /** The ids acknowledged, writer by writer; call after {@link #stop()} for the final list. */
    public List<String> acknowledged() {
        List<String> all = new ArrayList<>();
        for (Writer w : writers) {
            all.addAll(w.ids());
        }
        return all;
    }

    /** Failed calls by the simple name of the exception they raised. */
    public Map<String, Integer> failures() {
        Map<String, Integer> out = new TreeMap<>();
        for (Writer w : writers) {
            w.failures.forEach((type, n) -> out.merge(type, n, Integer::sum));
        }
        return out;
    }

    /** How many calls failed in all. */
    public int failed() {
        return failures().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The message of the first failure of each exception type, for a report. */
    public Map<String, String> firstFailureMessages() {
        return new TreeMap<>(firstFailures);
    }

    /** The longest pause between two acknowledgements of any writers, or a zero gap before the second one. */
    public Gap longestGap() {
        long[] times = ackTimes();
        Arrays.sort(times);
        Gap longest = new Gap(0, 0);
        for (int i = 1; i < times.length; i++) {
            if (times[i] - times[i - 1] > longest.toNanos() - longest.fromNanos()) {
                longest = new Gap(times[i - 1], times[i]);
            }
        }
        return longest;
    }

    /**
     * When the first acknowledgement after {@code nanos} came ({@link System#nanoTime()}), or empty
     * if none did: how soon writers resumed after a failover completed.
     */
    public OptionalLong firstAcknowledgedAfter(long nanos) {
        return firstAcknowledgedAfter(nanos, id -> true);
    }

    /** As {@link #firstAcknowledgedAfter(long)}, of the ids {@code which} accepts (those a failed node served, say). */
    public OptionalLong firstAcknowledgedAfter(long nanos, Predicate<String> which) {
        long first = Long.MAX_VALUE;
        for (Writer w : writers) {
            List<String> ids = w.ids();
            long[] times = w.times();
            for (int i = 0; i < Math.min(ids.size(), times.length); i++) {
                if (times[i] > nanos && times[i] < first && which.test(ids.get(i))) {
                    first = times[i];
                }
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    private long[] ackTimes() {
        List<long[]> parts = new ArrayList<>();
        int total = 0;
        for (Writer w : writers) {
            long[] t = w.times();
            parts.add(t);
            total += t.length;
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] t : parts) {
            System.arraycopy(t, 0, all, at, t.length);
            at += t.length;
        }
        return all;
    }

    /**
     * One line of a fault test's table: {@code | what | acknowledged | failed | lost | longest gap |},
     * with the failures by type after it.
     */
    public String row(String what, long lost) {
        return String.format("| %s | %,d | %,d | %,d | %.1f s | %s", what, acknowledgedCount(), failed(), lost,
                longestGap().length().toMillis() / 1000.0, failures());
    }

    @Override
    public String toString() {
        return "WriteLoad[" + name + ", " + writers.size() + " writers]";
    }

    /** One writer thread and what its calls did; only its own thread writes its lists. */
    private final class Writer {
        final Thread thread;
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final List<String> ids = new ArrayList<>();
        private long[] times = new long[1024];
        private int count;

        Writer(String prefix, long paceNanos, Save save) {
            thread = new Thread(() -> run(prefix, paceNanos, save), prefix);
            thread.setDaemon(true);
        }

        private void run(String prefix, long paceNanos, Save save) {
            long next = System.nanoTime();
            for (long n = 0; !stop.get(); n++) {
                String id = prefix + "-" + n;
                try {
                    save.save(id);
                    acknowledged(id, System.nanoTime());
                } catch (Exception e) {
                    failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    firstFailures.putIfAbsent(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                    sleep(RETRY_PAUSE_MILLIS);
                }
                next += paceNanos;
                long ahead = next - System.nanoTime();
                if (ahead > 0) {
                    sleep(ahead / 1_000_000);
                } else {
                    next = System.nanoTime(); // a slow call does not earn a burst afterwards
                }
            }
        }

        private synchronized void acknowledged(String id, long nanos) {
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
            }
            times[count++] = nanos;
            ids.add(id);
        }

        synchronized int count() {
            return count;
        }

        synchronized List<String> ids() {
            return List.copyOf(ids);
        }

        synchronized long[] times() {
            return Arrays.copyOf(times, count);
        }

        private void sleep(long millis) {
            if (millis <= 0) {
                return;
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
            }
        }
    }
}
