package io.larder.memory;

import io.larder.Durability;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.StoreSpec;
import io.larder.UnconfirmedWriteException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The process the crash tests kill: it opens the memory backend on a data directory and writes
 * unique records through Larder, printing each id on standard output only after the call that
 * stored it returned. Whatever it printed was acknowledged.
 *
 * <pre>
 * CrashWriter DIR DISK SNAPSHOT_MS THREADS PREFIX MODE
 *   DISK   none | everysec | always
 *   MODE   save   one record per call, forever
 *          batch  1000 records per saveAll, forever
 *          fill   one record per call until 20 writes were refused as unconfirmed ("unconfirmed ID REASON")
 *          fill-close  as fill until 3000 were refused, so the records in memory outgrow the log; then close,
 *                 whose final snapshot starts a new log generation, and print "closed" or "close failed REASON"
 *          hold   open the backend, print "open", and wait
 * </pre>
 */
public final class CrashWriter {
    static final String STORE = "events";
    static final int BATCH = 1000;

    /** The record written: its id, which thread and how many before it, and some text. */
    public record Event(String id, int thread, long n, String text) {
    }

    private CrashWriter() {
    }

    static Storage<Event> events(Larder larder) {
        return larder.store(StoreSpec.builder(STORE, Event.class).build());
    }

    static MemoryBackend backend(Path dir, Durability.Disk disk, Duration snapshotEvery) {
        return MemoryBackend.builder().snapshot(dir.resolve("larder.snapshot"), snapshotEvery)
                .durability(Durability.builder().disk(disk).build()).build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Durability.Disk disk = Durability.Disk.valueOf(args[1].toUpperCase(Locale.ROOT));
        Duration snapshotEvery = Duration.ofMillis(Long.parseLong(args[2]));
        int threads = Integer.parseInt(args[3]);
        String prefix = args[4];
        String mode = args[5];
        PrintStream out = System.out;
        Larder larder = Larder.builder().backend(backend(dir, disk, snapshotEvery)).sweepEvery(Duration.ZERO).build();
        Storage<Event> events = events(larder);
        synchronized (out) {
            out.println("open");
            out.flush();
        }
        if (mode.equals("hold")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        List<Thread> writers = new ArrayList<>();
        int[] refused = {0};
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                String text = "acknowledged means kept ".repeat(4);
                for (long n = 0; ; n += mode.equals("batch") ? BATCH : 1) {
                    if (mode.equals("batch")) {
                        List<Event> batch = new ArrayList<>(BATCH);
                        for (int i = 0; i < BATCH; i++) {
                            batch.add(new Event(prefix + "-" + thread + "-" + (n + i), thread, n + i, text));
                        }
                        events.saveAll(batch);
                        synchronized (out) {
                            batch.forEach(e -> out.println(e.id()));
                            out.flush();
                        }
                        continue;
                    }
                    String id = prefix + "-" + thread + "-" + n;
                    try {
                        events.save(new Event(id, thread, n, text));
                    } catch (UnconfirmedWriteException e) {
                        if (!mode.startsWith("fill")) {
                            throw e;
                        }
                        synchronized (out) {
                            out.println("unconfirmed " + id + " " + e.node() + " " + e.getMessage());
                            out.flush();
                            if (++refused[0] >= (mode.equals("fill") ? 20 : 3000)) {
                                if (mode.equals("fill-close")) {
                                    close(larder, out);
                                }
                                Runtime.getRuntime().halt(0);
                            }
                        }
                        continue;
                    }
                    synchronized (out) {
                        out.println(id);
                        out.flush();
                    }
                }
            }, "writer-" + t);
            writers.add(w);
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
    }

    private static void close(Larder larder, PrintStream out) {
        try {
            larder.close();
            out.println("closed");
        } catch (StorageException e) {
            out.println("close failed " + e.getMessage());
        }
        out.flush();
    }
}
