package io.larder.cluster;

import io.larder.Key;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.testkit.Note;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A caller that saves notes one by one in a loop, as an application would, and records what happened. */
final class Writer implements AutoCloseable {
    private static final long T0 = 1_767_225_600_000L;

    final List<Key> acknowledged = Collections.synchronizedList(new ArrayList<>());
    final List<Long> ackNanos = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Writer(String name, Storage<Note> notes, List<String> groups) {
        thread = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String group = groups.get(i % groups.size());
                String id = String.format("w%07d", i);
                try {
                    notes.save(Note.of(id, group, "alice", T0 + i));
                    acknowledged.add(Key.of(group, id));
                    ackNanos.add(System.nanoTime());
                } catch (StorageException e) {
                    failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    sleep(10); // a caller's retry loop, not a spin
                }
            }
        }, name);
        thread.start();
    }

    void awaitAcknowledged(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.size() + " of " + count + " writes acknowledged in 60 s");
            }
            sleep(10);
        }
    }

    int failed() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The longest pause between two acknowledged writes, in ms. */
    long longestGapMillis() {
        List<Long> times = List.copyOf(ackNanos);
        long gap = 0;
        for (int i = 1; i < times.size(); i++) {
            gap = Math.max(gap, times.get(i) - times.get(i - 1));
        }
        return gap / 1_000_000;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(15_000);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
