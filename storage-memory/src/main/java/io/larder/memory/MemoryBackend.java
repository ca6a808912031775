package io.larder.memory;

import io.larder.ConfigurationException;
import io.larder.Durability;
import io.larder.Health;
import io.larder.Signals;
import io.larder.StorageException;
import io.larder.spi.Backend;
import io.larder.spi.BackendLimits;
import io.larder.spi.BackendStore;
import io.larder.spi.LimitLayout;
import io.larder.spi.StoreLayout;
import java.io.IOException;
import java.nio.file.Files;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded adapter: every store in concurrent maps with time-ordered skip-list indexes, expiry
 * by the clock each store is opened with, and, optionally, a snapshot file that is loaded on
 * start and rewritten atomically at an interval and on close, with an append-only log beside it.
 *
 * <pre>{@code
 * Backend memory = MemoryBackend.builder().snapshot(Path.of("larder.snap"), Duration.ofMinutes(1)).build();
 * }</pre>
 *
 * <p>With a snapshot file, each write of a store whose {@link Durability#disk()} is not
 * {@code NONE} is appended to the log {@code <snapshot>.<generation>.log} before the call
 * returns: handed to the operating system ({@code everysec}, the default, forced once a second)
 * or forced to disk ({@code always}). Start replays the log over the snapshot; each snapshot
 * starts a new log generation and removes the ones it holds. A killed process loses no
 * acknowledged write; a machine that loses power loses at most about the last second under
 * {@code everysec}, nothing under {@code always}.
 *
 * <p>A snapshot or log that cannot be read stops {@link Builder#build()} with a
 * {@link StorageException} naming the file; the file is never written over by a backend that did
 * not load it. One backend at a time may own a snapshot file: {@code <snapshot>.lock} is held
 * while it is open, and a second one, in this process or another, is refused with
 * {@link io.larder.StorageUnavailableException} naming the holder's pid. Thread-safe.
 */
public final class MemoryBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBackend.class);
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(1);

    /** What {@code disk: everysec} and no replica read as, complete: the default with a snapshot file. */
    private static final Durability EVERYSEC = Durability.builder().disk(Durability.Disk.EVERYSEC).build()
            .over(Durability.none());

    private final @Nullable SnapshotFile snapshot;
    private final @Nullable LogFiles logFiles;
    private final @Nullable DataLock lock;
    private final @Nullable AppendLog log;
    private final Durability durability;
    private final Duration interval;
    private final ConcurrentHashMap<String, MemoryStore> stores = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StoreImage> unopened = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MemoryLimits> limits = new ConcurrentHashMap<>();
    private final LongAdder changes = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MemorySignals signals = new MemorySignals(this::checkOpen);
    private final Object snapshotLock = new Object();
    private final @Nullable ScheduledExecutorService writer;
    private long savedChanges;
    private volatile @Nullable Instant lastSnapshot;
    private volatile @Nullable String snapshotProblem;

    private MemoryBackend(Builder b, Durability durability) {
        SnapshotFile file = b.snapshotPath == null ? null : new SnapshotFile(b.snapshotPath);
        this.snapshot = file;
        this.interval = b.interval;
        this.durability = durability;
        if (file == null) {
            this.logFiles = null;
            this.lock = null;
            this.log = null;
            this.writer = null;
            return;
        }
        LogFiles files = new LogFiles(file.path());
        DataLock held = DataLock.acquire(file.path());
        this.logFiles = files;
        this.lock = held;
        // loading first: a backend that could not load its files never exists, so it can never write over them
        this.log = recover(file, files, held);
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
        check(layout.durability(), "memory store '" + layout.name() + "'", log != null);
        MemoryStore store = stores.computeIfAbsent(layout.name(), name -> {
            MemoryStore fresh = new MemoryStore(layout, clock, this,
                    layout.durability().disk() == Durability.Disk.NONE ? null : log);
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

    /**
     * Opens the counters of a rate limiter; opening a name again returns the same counters, which
     * keep the clock they were first opened with. Counters live as long as this backend: the
     * snapshot does not keep them.
     *
     * @throws ConfigurationException when the name is open with other limits
     */
    @Override
    public BackendLimits openLimits(LimitLayout layout, Clock clock) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(clock, "clock");
        checkOpen();
        MemoryLimits opened = limits.computeIfAbsent(layout.name(), name -> new MemoryLimits(layout, clock, this));
        if (!opened.layout().equals(layout)) {
            throw new ConfigurationException("memory limiter '" + layout.name() + "' is already open with " + opened.layout()
                    + "; asked for " + layout);
        }
        return opened;
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

    /** {@code everysec} with a snapshot file and none without, unless the builder stated otherwise. */
    @Override
    public Durability durability() {
        return durability;
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
        // a writer is started only beside a snapshot, its lock and its log
        SnapshotFile snapshot = Objects.requireNonNull(this.snapshot, "snapshot");
        AppendLog log = Objects.requireNonNull(this.log, "log");
        DataLock lock = Objects.requireNonNull(this.lock, "lock");
        writer.shutdown(); // lets a write in progress finish: interrupting it would only waste it
        try {
            if (!writer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("memory snapshot to {} still running after {}; writing the final one anyway", snapshot.path(), CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean folded = false;
        try {
            writeSnapshot(!snapshot.exists());
            folded = true;
        } finally {
            log.close();                             // whatever the snapshot missed is forced in the log
            if (folded && log.isEmpty() && log.problem() == null) {
                deleteQuietly(log.path());           // the snapshot holds everything: leave no empty log behind
            }
            lock.close();
        }
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
        details.put("durability", durability.toString());
        AppendLog log = this.log;
        if (log != null) {                           // a log is kept exactly when a snapshot is
            details.put("snapshot interval", interval.toString());
            Instant last = lastSnapshot;
            details.put("last snapshot", last == null ? "never" : last.toString());
            long[] shortfalls = log.shortfalls();
            details.put("log", log.path().toString());
            details.put("writes refused as unconfirmed", Long.toString(shortfalls[0]));
            details.put("writes acknowledged unconfirmed (best effort)", Long.toString(shortfalls[1]));
        }
        Health health = Health.up(Duration.ofNanos(System.nanoTime() - start), details);
        String problem = snapshotProblem != null ? snapshotProblem : log == null ? null : log.problem();
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
                // a new log generation first: the snapshot taken after it holds every change of the older ones
                long generation = log == null ? 0 : log.rotate();
                snapshot.write(images(), generation);
                if (logFiles != null) {              // kept beside the log, so present exactly when it is
                    logFiles.deleteBefore(generation);
                }
            } catch (IOException e) {
                snapshotProblem = "memory snapshot " + snapshot.path() + " could not be written (the previous one and its"
                        + " logs are kept): " + e;
                throw new StorageException(snapshotProblem, e);
            } catch (RuntimeException e) {
                snapshotProblem = e.getMessage();
                throw e;
            }
            savedChanges = seen;
            lastSnapshot = Instant.now();
            snapshotProblem = null;
        }
    }

    /** Reads the snapshot and replays its logs into the stores to open; returns the log to append to. */
    private AppendLog recover(SnapshotFile snapshot, LogFiles logFiles, DataLock lock) {
        try {
            snapshot.removeLeftovers();
            Recovery.Recovered found = Recovery.run(snapshot, logFiles);
            unopened.putAll(found.stores());
            if (found.logs() > 0) {
                changes.increment();                 // the next snapshot folds the replayed logs in
                LOG.info("memory snapshot {}: replayed {} changes from {} log file(s)", snapshot.path(),
                        found.replayed(), found.logs());
            }
            return AppendLog.create(logFiles, found.nextGeneration());
        } catch (IOException e) {
            lock.close();
            throw new StorageException("memory log beside " + snapshot.path() + " cannot be created: " + e, e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Refuses a durability the memory backend cannot give: replicas, or a disk without a file to log to. */
    private static void check(Durability d, String who, boolean hasLog) {
        if (d.replicas() > 0) {
            throw new ConfigurationException(who + ": durability " + d + " asks " + d.replicas() + " replica(s) to"
                    + " confirm each write; the memory backend has none (use replicas 0, or a Redis Sentinel or Cluster)");
        }
        if (d.disk() != Durability.Disk.NONE && !hasLog) {
            throw new ConfigurationException(who + ": durability " + d + " asks for a disk, and the memory backend keeps"
                    + " no snapshot file to log beside: set one, or disk none");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an empty log is replayed as nothing at the next start
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
        // an image waiting to be opened was read from the snapshot
        SnapshotFile snapshot = Objects.requireNonNull(this.snapshot, "snapshot");
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
        private @Nullable Path snapshotPath;
        private Duration interval = Duration.ofMinutes(1);
        private @Nullable Durability durability;

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
         * What writes must reach before they are acknowledged, for stores that do not say: what it
         * leaves unstated is {@code disk: everysec} with a snapshot file, else nothing. Replicas are
         * refused (there are none), and so is a disk without a snapshot file to log beside.
         */
        public Builder durability(Durability policy) {
            if (durability != null) {
                throw new IllegalStateException("durability was already set to " + durability);
            }
            durability = Objects.requireNonNull(policy, "durability");
            return this;
        }

        /**
         * The backend; reads the snapshot file if one is set and exists, and replays its log.
         *
         * @throws StorageException when the snapshot file or a log exists but cannot be read (the message names it)
         * @throws io.larder.StorageUnavailableException when another backend holds the snapshot
         * @throws ConfigurationException when the durability cannot be given
         */
        public MemoryBackend build() {
            Durability base = snapshotPath == null ? Durability.none() : EVERYSEC;
            Durability resolved = durability == null ? base : durability.over(base);
            check(resolved, "memory backend", snapshotPath != null);
            return new MemoryBackend(this, resolved);
        }
    }
}
