package io.larder.memory;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The exclusive hold of one process on a snapshot and its logs: an operating-system lock on
 * {@code <snapshot>.lock}, held while the backend is open, with the holder's pid written in the
 * file so a second process is told who holds it. Two processes appending to one log would each
 * overwrite the other's records. The lock file is never deleted: a process that opened it could
 * otherwise lock a file no longer in the directory while a third locks a new one. Thread-safe.
 */
final class DataLock implements AutoCloseable {
    /** The lock files this process holds: the operating system lets one process take its own lock twice. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private DataLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code snapshot}, or refuses.
     *
     * @throws StorageUnavailableException when another process, or another backend of this one, holds it
     */
    static DataLock acquire(Path snapshot) {
        Path path = snapshot.resolveSibling(snapshot.getFileName() + ".lock").toAbsolutePath().normalize();
        long pid = ProcessHandle.current().pid();
        if (!HELD.add(path)) {
            throw inUse(snapshot, path, "this process (pid " + pid + "): another memory backend on it is still open");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw inUse(snapshot, path, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataLock(path, channel, lock);
        } catch (IOException e) {
            HELD.remove(path);
            closeQuietly(channel);
            throw new StorageException("memory snapshot " + snapshot + ": its lock file " + path + " cannot be used: "
                    + IoProblem.describe(e), e);
        } catch (RuntimeException e) {
            HELD.remove(path);
            closeQuietly(channel);
            throw e;
        }
    }

    /** Releases the lock; the file stays. Idempotent. */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
        HELD.remove(path);
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(32);
        channel.read(text, 0);
        String pid = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).trim();
        return pid.matches("[0-9]+") ? "process " + pid : "another process (its pid is not written yet)";
    }

    private static StorageUnavailableException inUse(Path snapshot, Path lockFile, String holder) {
        return new StorageUnavailableException("memory snapshot " + snapshot + " is in use by " + holder + " (it holds "
                + lockFile + "); two processes writing one snapshot and log would lose each other's records: stop the"
                + " other one, or give this one another snapshot path");
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written through it that matters: the pid is informative
            }
        }
    }
}
