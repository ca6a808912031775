package io.larder.memory;

import io.larder.ConfigurationException;
import io.larder.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * The snapshot file on disk. Reading never changes the file. Writing goes to a temporary file in
 * the same directory, which is forced to disk and then renamed over the snapshot in one atomic
 * step, and the directory is forced where the platform allows: at every instant the snapshot
 * path holds either the old complete file or the new complete one. Not thread-safe: its owner
 * writes one snapshot at a time.
 */
final class SnapshotFile {
    private final Path path;
    private final Path directory;
    private final String tempPrefix;

    SnapshotFile(Path path) {
        this.path = path.toAbsolutePath();
        this.directory = Objects.requireNonNull(this.path.getParent(), "an absolute path has a parent");
        this.tempPrefix = "." + this.path.getFileName() + ".";
        if (Files.isDirectory(this.path)) {
            throw new ConfigurationException("memory snapshot " + this.path + " is a directory; name a file");
        }
    }

    Path path() {
        return path;
    }

    /** What the file holds, or nothing when it does not exist yet. */
    SnapshotFormat.Contents read() {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            return SnapshotFormat.read(file);
        } catch (NoSuchFileException e) {
            return SnapshotFormat.Contents.EMPTY;
        } catch (SnapshotFormat.Unreadable e) {
            throw new StorageException("memory snapshot " + path + " " + e.getMessage()
                    + "; the file was left as it is: move it away or restore a good copy to start", e);
        } catch (AccessDeniedException e) {
            throw new StorageException("memory snapshot " + path + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new StorageException("memory snapshot " + path + " cannot be read: " + e, e);
        }
    }

    /**
     * Replaces the file with these stores atomically, noting the first log generation they do not
     * hold; on any failure the old file stays as it was.
     */
    void write(List<StoreImage> stores, long logGeneration) {
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, tempPrefix, ".tmp");
            try (FileChannel file = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                SnapshotFormat.write(file, stores, logGeneration);
                file.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            forceDirectory();
        } catch (IOException e) {
            throw new StorageException("memory snapshot " + path + " could not be written (the previous one is kept): " + e, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** Whether the snapshot file exists. */
    boolean exists() {
        return Files.exists(path);
    }

    /** Removes temporary files a crashed writer of this snapshot left behind. */
    void removeLeftovers() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        DirectoryStream.Filter<Path> ours = p -> {
            String name = p.getFileName().toString();
            return name.startsWith(tempPrefix) && name.endsWith(".tmp");
        };
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, ours)) {
            for (Path temp : temps) {
                deleteQuietly(temp);
            }
        } catch (IOException e) {
            // leftovers only cost disk space; the next start tries again
        }
    }

    private void forceDirectory() {
        // makes the rename durable; some platforms (Windows) cannot open a directory, and there the rename must do
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not possible here: the file itself is on disk, only the rename may be replayed by the file system
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a stray temporary file is harmless and removed at the next start
        }
    }
}
