package io.larder.memory;

import io.larder.Durability;
import io.larder.UnconfirmedWriteException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory backend's append-only log: each change of a logged store is appended, under the
 * record's lock, to a buffer, and the call that made it returns only once its records are
 * written to the file ({@code everysec}) or forced to disk ({@code always}). Callers that arrive
 * together share one write and one {@code fsync}; a thread forces what {@code everysec} stores
 * wrote once a second.
 *
 * <p>Positions count bytes appended since the log was opened, across generations, so a
 * record's position tells whether it is written and forced. {@link #rotate()} starts the next
 * generation while no change is between its apply and its append ({@link #gate()}), so a
 * snapshot taken after it holds every change of the older generations. When the file cannot be
 * written, the log stops writing, every write not yet confirmed is reported unconfirmed, and the
 * next rotation (the next snapshot) starts a fresh file. The failed write's bytes are cut off
 * first, so the old file ends in whole records and a start can tell a torn record, which is always
 * the last thing on disk, from damage among acknowledged ones; while they cannot be cut, no later
 * generation is started. Thread-safe.
 */
final class AppendLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppendLog.class);
    private static final long SYNC_EVERY_MILLIS = 1000;
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Writes the log had to drop because its file failed; those up to {@code end} were confirmed only up to the floors. */
    private record Loss(long end, long writtenFloor, long syncedFloor, String reason) {
    }

    private final LogFiles files;
    /** Held shared by writers from a change's apply to its append, and exclusively by a rotation. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Object bufferLock = new Object();
    private final ScheduledExecutorService syncer;
    private final LongAdder unconfirmed = new LongAdder();
    private final LongAdder acknowledgedAnyway = new LongAdder();

    // under bufferLock
    private byte[] pending = new byte[1 << 16];
    private int pendingSize;
    private long appended;
    private final Set<String> declared = new HashSet<>();
    // under writeLock
    private byte[] spare = new byte[1 << 16];

    // written through a RandomAccessFile: a FileChannel is closed for good when a thread is interrupted in its I/O
    private volatile RandomAccessFile file;
    private volatile long generation;
    private volatile long generationStart;
    private volatile long written;
    private volatile long synced;
    private volatile @Nullable String failure;
    /** Where the current file's whole records end when a failed write left bytes after them that could not be cut; else -1. */
    private volatile long tornAt = -1;
    private volatile Loss loss = new Loss(-1, 0, 0, "");
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;
    private volatile boolean closed;

    private AppendLog(LogFiles files, long generation, RandomAccessFile file) {
        this.files = files;
        this.generation = generation;
        this.file = file;
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "larder-memory-log-sync");
            t.setDaemon(true);
            return t;
        });
        syncer.scheduleWithFixedDelay(this::syncQuietly, SYNC_EVERY_MILLIS, SYNC_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Creates generation {@code generation} and appends to it. */
    static AppendLog create(LogFiles files, long generation) throws IOException {
        return new AppendLog(files, generation, files.create(generation));
    }

    /** Held shared from a change's apply to its append: a rotation waits for it. */
    Lock gate() {
        return gate.readLock();
    }

    /**
     * Appends one record, first the store's declaration if this generation has none yet; returns
     * the record's position for {@link #commit}. Cheap: a copy into a buffer. Call it under the
     * record's lock, holding {@link #gate()}, after deciding the change.
     */
    long append(String store, byte[] declaration, byte[] record) {
        synchronized (bufferLock) {
            if (failure != null) {
                // the file takes nothing more until the next rotation; the position still moves, so the commit knows
                appended += record.length;
                return appended;
            }
            if (declared.add(store)) {
                buffer(declaration);
            }
            buffer(record);
            return appended;
        }
    }

    /**
     * Returns once every record up to {@code position} is written to the file, and for
     * {@code disk: always} forced to disk, within the policy's timeout.
     *
     * @throws UnconfirmedWriteException when it is not, unless the policy is best-effort
     */
    void commit(long position, Durability durability) {
        long deadline = System.nanoTime() + durability.timeout().toNanos();
        String shortfall;
        try {
            shortfall = written < position ? writeUpTo(position, deadline, durability) : null;
            if (shortfall == null && durability.disk() == Durability.Disk.ALWAYS && synced < position) {
                shortfall = syncUpTo(position, deadline, durability);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shortfall = "interrupted while waiting for the log";
        }
        Loss l = loss;
        long floor = durability.disk() == Durability.Disk.ALWAYS ? l.syncedFloor() : l.writtenFloor();
        if (shortfall == null && position <= l.end() && position > floor) {
            shortfall = l.reason();
        }
        if (shortfall != null) {
            unconfirmed(shortfall, durability);
        }
    }

    /**
     * Starts the next generation and returns its number. When it returns, every record appended
     * before is in an older generation, forced to disk, unless that file had failed: then those
     * records are only in memory, and the snapshot taken next holds them. Writers are stopped
     * only while the last records are handed to the old file and the new one takes its place;
     * the old file's {@code fsync} runs after, holding back only the callers that wait for it.
     *
     * @throws IOException when the next file cannot be made, or a failed write's bytes cannot be cut
     *     off the current one; the current one stays in use
     */
    long rotate() throws IOException {
        long next = generation + 1;
        RandomAccessFile fresh = files.create(next);
        // most of what is pending reaches the disk before writers are stopped
        drainAndForceQuietly();
        RandomAccessFile old;
        long end;
        syncLock.lock();
        try {
            gate.writeLock().lock();
            writeLock.lock();
            try {
                old = file;
                if (failure == null) {
                    try {
                        drain();
                    } catch (IOException e) {
                        fail(e);
                    }
                }
                if (tornAt >= 0) {
                    try {
                        cutTornEnd();
                    } catch (IOException e) {
                        // a later generation would make the torn bytes look like damage among acknowledged records
                        abandon(fresh, next, e);
                        throw e;
                    }
                }
                synchronized (bufferLock) {
                    end = appended;
                    pendingSize = 0;
                    declared.clear();
                }
                if (failure != null) {
                    loss = new Loss(end, written, synced, failure);
                    synced = end;                    // nothing more is forced into the failed file
                }
                written = end;
                generationStart = end;
                file = fresh;
                generation = next;
                failure = null;
            } finally {
                writeLock.unlock();
                gate.writeLock().unlock();
            }
            if (synced < end) {
                long before = synced;
                try {
                    old.getFD().sync();
                } catch (IOException e) {
                    // written to the OS, so everysec callers keep theirs; those waiting for the disk do not
                    loss = new Loss(end, end, before, "the log " + files.path(next - 1) + " could not be forced to"
                            + " disk (" + IoProblem.describe(e) + "); the snapshot taken next holds its records");
                    LOG.error("memory {}", loss.reason());
                }
                synced = end;
            }
        } finally {
            syncLock.unlock();
        }
        close(old);
        return next;
    }

    /** The file appended to now. */
    Path path() {
        return files.path(generation);
    }

    long generation() {
        return generation;
    }

    /** Whether nothing was appended to the current generation. */
    boolean isEmpty() {
        return written == generationStart && pendingCount() == 0;
    }

    /** Why the log is not writing now, or {@code null}. */
    @Nullable String problem() {
        return failure;
    }

    /** Writes refused as unconfirmed, and writes acknowledged anyway by a best-effort policy, since start. */
    long[] shortfalls() {
        return new long[] {unconfirmed.sum(), acknowledgedAnyway.sum()};
    }

    /** Writes and forces what is pending, and closes the file. */
    @Override
    public void close() {
        syncer.shutdown();
        syncLock.lock();                             // in the order a rotation takes them
        writeLock.lock();
        try {
            closed = true;
            if (failure == null) {
                drain();
                file.getFD().sync();
            }
        } catch (IOException e) {
            fail(e);
        } finally {
            close(file);
            writeLock.unlock();
            syncLock.unlock();
        }
    }

    // ---- writing and forcing

    private void buffer(byte[] bytes) {
        if (pending.length - pendingSize < bytes.length) {
            byte[] grown = new byte[Math.max(pending.length * 2, pendingSize + bytes.length)];
            System.arraycopy(pending, 0, grown, 0, pendingSize);
            pending = grown;
        }
        System.arraycopy(bytes, 0, pending, pendingSize, bytes.length);
        pendingSize += bytes.length;
        appended += bytes.length;
    }

    private int pendingCount() {
        synchronized (bufferLock) {
            return pendingSize;
        }
    }

    private @Nullable String writeUpTo(long position, long deadline, Durability durability) throws InterruptedException {
        if (!writeLock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return "the log stayed busy for longer than the timeout of " + durability.timeout();
        }
        try {
            if (written >= position) {
                return null;                         // an earlier caller wrote ours with its own
            }
            if (failure != null) {
                return failure;
            }
            try {
                drain();
                return null;
            } catch (IOException e) {
                fail(e);
                return failure;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private @Nullable String syncUpTo(long position, long deadline, Durability durability) throws InterruptedException {
        if (!syncLock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return "the log was not forced to disk within the timeout of " + durability.timeout();
        }
        try {
            if (synced >= position) {
                return null;                         // an earlier caller's fsync covered ours
            }
            if (failure != null) {
                return failure;
            }
            try {
                force();
                return null;
            } catch (IOException e) {
                fail(e);
                return failure;
            }
        } finally {
            syncLock.unlock();
        }
    }

    /**
     * Under the write lock: writes everything appended so far to the file. When the write fails,
     * none of its records was confirmed, so its bytes are cut off again: the file ends in whole
     * records, and a later generation may follow it.
     */
    private void drain() throws IOException {
        byte[] out;
        int size;
        long end;
        synchronized (bufferLock) {
            out = pending;
            size = pendingSize;
            end = appended;
            pending = spare;
            pendingSize = 0;
        }
        try {
            long whole = file.getFilePointer();
            try {
                file.write(out, 0, size);
            } catch (IOException e) {
                tornAt = whole;
                try {
                    cutTornEnd();
                } catch (IOException notCut) {
                    e.addSuppressed(notCut);
                }
                throw e;
            }
            written = end;
        } finally {
            spare = out;
        }
    }

    /**
     * Under the write lock: cuts the file back to {@link #tornAt}, where its whole records end, and
     * forces the cut to disk.
     *
     * @throws IOException naming the file and the offset when it cannot; {@code tornAt} is kept for another try
     */
    private void cutTornEnd() throws IOException {
        long whole = tornAt;
        try {
            file.setLength(whole);
            file.getFD().sync();
        } catch (IOException e) {
            throw new IOException("the bytes of a failed write could not be cut off the log " + path() + " at offset "
                    + whole + " (" + IoProblem.describe(e) + "), so no later log or snapshot is started after them until"
                    + " they are", e);
        }
        tornAt = -1;
    }

    /** Removes the next generation's file, made for a rotation that cannot go on. */
    private void abandon(RandomAccessFile fresh, long next, IOException cause) {
        close(fresh);
        try {
            Files.delete(files.path(next));
        } catch (IOException e) {
            cause.addSuppressed(e);
            LOG.error("memory log {} could not be removed after {}: the next start refuses the log before it as"
                    + " damaged; remove the file", files.path(next), cause.getMessage());
        }
    }

    /** Under the sync lock: forces what is written. */
    private void force() throws IOException {
        long upTo = written;
        file.getFD().sync();
        synced = upTo;
    }

    private void syncQuietly() {
        if (synced >= written || failure != null) {
            return;
        }
        syncLock.lock();
        try {
            if (synced < written && failure == null && !closed) {
                force();
            }
        } catch (IOException e) {
            fail(e);
        } finally {
            syncLock.unlock();
        }
    }

    private void drainAndForceQuietly() {
        writeLock.lock();
        try {
            if (failure == null) {
                drain();
            }
        } catch (IOException e) {
            fail(e);
        } finally {
            writeLock.unlock();
        }
        syncQuietly();
    }

    private void fail(IOException e) {
        if (failure == null) {
            long torn = tornAt;
            String cut = torn < 0 ? "" : ", and its bytes could not be cut off at offset " + torn + ": no later log or"
                    + " snapshot is started after them until they are";
            failure = "the log " + path() + " cannot be written (" + IoProblem.describe(e) + ")" + cut + "; writes stay in memory until the"
                    + " next snapshot holds them";
            LOG.error("memory {}", failure);
        }
    }

    private void unconfirmed(String shortfall, Durability durability) {
        String what = "the write is applied in memory and appended to the log " + path() + ", but not confirmed on"
                + " disk as durability " + durability + " asks: " + shortfall;
        if (durability.unconfirmed() == Durability.Unconfirmed.FAIL) {
            unconfirmed.increment();
            throw new UnconfirmedWriteException(path().toString(), what + "; it is lost if the process or machine"
                    + " stops before the next snapshot: saving it again is safe");
        }
        acknowledgedAnyway.increment();
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            LOG.warn("memory: {}; acknowledged anyway (best effort), {} such writes so far", what, acknowledgedAnyway.sum());
        }
    }

    private static void close(RandomAccessFile c) {
        try {
            c.close();
        } catch (IOException e) {
            // its bytes were forced before, or the file had failed and its records live in memory
        }
    }
}
