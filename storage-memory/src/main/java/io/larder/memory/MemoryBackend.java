package io.larder.memory;

import io.larder.ConfigurationException;
import io.larder.Health;
import io.larder.Signals;
import io.larder.StorageException;
import io.larder.spi.Backend;
import io.larder.spi.BackendStore;
import io.larder.spi.StoreLayout;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded adapter: every store in concurrent maps with time-ordered skip-list indexes, expiry
 * by the clock each store is opened with, and, optionally, a snapshot file that is loaded on
 * start and rewritten atomically at an interval and on close.
 *
 * <pre>{@code
 * Backend memory = MemoryBackend.builder().snapshot(Path.of("larder.snap"), Duration.ofMinutes(1)).build();
 * }</pre>
 *
 * <p>A snapshot that cannot be read stops {@link Builder#build()} with a {@link StorageException}
 * naming the file; the file is never written over by a backend that did not load it. One backend
 * at a time may own a snapshot file. Thread-safe.
 */
public final class MemoryBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBackend.class);
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(1);

    private final SnapshotFile snapshot;
    private final Duration interval;
    private final ConcurrentHashMap<String, MemoryStore> stores = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StoreImage> unopened = new ConcurrentHashMap<>();
    private final LongAdder changes = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MemorySignals signals = new MemorySignals(this::checkOpen);
    private final Object snapshotLock = new Object();
    private final ScheduledExecutorService writer;
    private long savedChanges;
    private volatile Instant lastSnapshot;
    private volatile String snapshotProblem;

    private MemoryBackend(Builder b) {
        this.snapshot = b.snapshotPath == null ? null : new SnapshotFile(b.snapshotPath);
        this.interval = b.interval;
        if (snapshot == null) {
            this.writer = null;
            return;
        }
        // loading first: a backend that could not load its file never exists, so it can never write over it
        unopened.putAll(snapshot.read());
        snapshot.removeLeftovers();
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "larder-memory-snapshot");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(this::writeOnSchedule, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A builder: no snapshot unless one is set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A backend that keeps everything in memory only. */
    public static MemoryBackend create() {
        return builder().build();
    }

    /**
     * Opens the store {@code layout} names; opening a name again returns the same store, which
     * keeps the clock it was first opened with. Records of that name read from the snapshot are
     * handed to the store now.
     *
     * @throws ConfigurationException when the name is open with another layout, or the snapshot's
     *     records of that name lack an index the layout declares
     */
    @Override
    public BackendStore open(StoreLayout layout, Clock clock) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(clock, "clock");
        checkOpen();
        MemoryStore store = stores.computeIfAbsent(layout.name(), name -> {
            MemoryStore fresh = new MemoryStore(layout, clock, this);
            StoreImage image = unopened.get(name);
            if (image != null) {
                checkFits(image, layout);
                fresh.restore(image);
            }
            return fresh;
        });
        // after the store is visible, so a snapshot taken meanwhile finds the records in one of the two
        unopened.remove(layout.name());
        if (!store.layout().equals(layout)) {
            throw new ConfigurationException("memory store '" + layout.name() + "' is already open with " + store.layout()
                    + "; asked for " + layout);
        }
        return store;
    }

    @Override
    public Health health() {
        return health(Map.of());
    }

    /** Signals within this process: only Larders on this backend hear each other. */
    @Override
    public Signals signals() {
        return signals;
    }

    /**
     * Writes the snapshot now, if one is configured and anything changed since the last.
     *
     * @throws StorageException when the file cannot be written; the previous one is kept
     */
    public void writeSnapshot() {
        checkOpen();
        writeSnapshot(false);
    }

    /**
     * Stops the snapshot thread and writes the final snapshot. Idempotent.
     *
     * @throws StorageException when the final snapshot cannot be written; the previous one is kept
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        signals.close();
        if (writer == null) {
            return;
        }
        writer.shutdown(); // lets a write in progress finish: interrupting it would only waste it
        try {
            if (!writer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("memory snapshot to {} still running after {}; writing the final one anyway", snapshot.path(), CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeSnapshot(!snapshot.exists());
    }

    // ---- for the stores

    void changed() {
        changes.increment();
    }

    void checkOpen() {
        if (closed.get()) {
            throw new StorageException("the memory backend is closed");
        }
    }

    Health health(Map<String, String> storeDetails) {
        long start = System.nanoTime();
        if (closed.get()) {
            return Health.down("the memory backend is closed");
        }
        long records = 0;
        long entries = 0;
        for (MemoryStore s : stores.values()) {
            records += s.recordCount();
            entries += s.indexEntries();
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("backend", "memory");
        details.put("stores", Integer.toString(stores.size()));
        details.put("records", Long.toString(records));
        details.put("index entries", Long.toString(entries));
        details.putAll(storeDetails);
        details.put("snapshot", snapshot == null ? "off: records live as long as the process" : snapshot.path().toString());
        if (snapshot != null) {
            details.put("snapshot interval", interval.toString());
            Instant last = lastSnapshot;
            details.put("last snapshot", last == null ? "never" : last.toString());
        }
        Health health = Health.up(Duration.ofNanos(System.nanoTime() - start), details);
        String problem = snapshotProblem;
        return problem == null ? health : health.degraded(problem);
    }

    // ---- the snapshot

    private void writeOnSchedule() {
        try {
            writeSnapshot(false);
        } catch (RuntimeException e) {
            // kept in health and tried again next round: the previous snapshot is still whole
            LOG.warn("{}", e.getMessage());
        }
    }

    private void writeSnapshot(boolean evenIfUnchanged) {
        if (snapshot == null) {
            return;
        }
        synchronized (snapshotLock) {
            long seen = changes.sum();
            if (!evenIfUnchanged && seen == savedChanges) {
                return;
            }
            try {
                snapshot.write(images());
            } catch (RuntimeException e) {
                snapshotProblem = e.getMessage();
                throw e;
            }
            savedChanges = seen;
            lastSnapshot = Instant.now();
            snapshotProblem = null;
        }
    }

    /** Every store, opened or still waiting in the loaded snapshot, by name. */
    private List<StoreImage> images() {
        // unopened first: open() publishes a store before it forgets the image, so nothing falls between
        Map<String, StoreImage> waiting = Map.copyOf(unopened);
        TreeSet<String> names = new TreeSet<>(waiting.keySet());
        names.addAll(stores.keySet());
        List<StoreImage> images = new ArrayList<>(names.size());
        for (String name : names) {
            MemoryStore store = stores.get(name);
            images.add(store != null ? store.image() : waiting.get(name));
        }
        return images;
    }

    private void checkFits(StoreImage image, StoreLayout layout) {
        boolean hasRecords = image.records().iterator().hasNext();
        if (hasRecords && image.partitioned() != layout.partitioned()) {
            throw new ConfigurationException("memory snapshot " + snapshot.path() + " holds store '" + layout.name() + "' "
                    + (image.partitioned() ? "partitioned" : "unpartitioned") + ", but it is now declared "
                    + (layout.partitioned() ? "partitioned" : "unpartitioned"));
        }
        List<String> missing = layout.indexes().stream().filter(f -> !image.indexes().contains(f)).toList();
        if (hasRecords && !missing.isEmpty()) {
            throw new ConfigurationException("memory snapshot " + snapshot.path() + " holds store '" + layout.name()
                    + "' indexed on " + image.indexes() + "; its records have no index entries for " + missing
                    + ", now declared: drop those indexes, or migrate the store into a new one");
        }
    }

    /**
     * Builds a {@link MemoryBackend}; each setting may be made once. Not thread-safe.
     */
    public static final class Builder {
        private Path snapshotPath;
        private Duration interval = Duration.ofMinutes(1);

        private Builder() {
        }

        /**
         * Keeps a snapshot in {@code file}, loaded on start and written every {@code interval} (when
         * something changed) and on close.
         */
        public Builder snapshot(Path file, Duration every) {
            if (snapshotPath != null) {
                throw new IllegalStateException("snapshot was already set to " + snapshotPath);
            }
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(every, "every");
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("snapshot interval must be positive, got " + every);
            }
            snapshotPath = file;
            interval = every;
            return this;
        }

        /**
         * The backend; reads the snapshot file if one is set and exists.
         *
         * @throws StorageException when the snapshot file exists but cannot be read (the message names it)
         */
        public MemoryBackend build() {
            return new MemoryBackend(this);
        }
    }
}
