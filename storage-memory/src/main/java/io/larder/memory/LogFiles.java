package io.larder.memory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The log files beside one snapshot: {@code larder.snapshot.7.log} is generation 7 of the log of
 * {@code larder.snapshot}. A snapshot names the first generation it does not cover; every
 * generation from there on is replayed over it at start. Stateless beyond its paths.
 */
final class LogFiles {
    private final Path directory;
    private final String prefix;

    LogFiles(Path snapshot) {
        this.directory = Objects.requireNonNull(snapshot.getParent(), "the snapshot's path is absolute");
        this.prefix = snapshot.getFileName() + ".";
    }

    Path path(long generation) {
        return directory.resolve(prefix + generation + ".log");
    }

    /** Every log file of this snapshot, by generation. */
    NavigableMap<Long, Path> list() throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.log")) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                String number = name.substring(prefix.length(), name.length() - ".log".length());
                if (number.matches("[0-9]{1,18}")) {
                    found.put(Long.parseLong(number), p);
                }
            }
        }
        return found;
    }

    /**
     * Creates generation {@code generation} with its header, forced to disk with its directory
     * entry before it is used, so a snapshot that names it never outlives it in a crash.
     */
    RandomAccessFile create(long generation) throws IOException {
        Files.createDirectories(directory);
        Path path = path(generation);
        Files.createFile(path);
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        try {
            file.write(LogFormat.header(generation).array());
            file.getFD().sync();
            forceDirectory();
            return file;
        } catch (IOException | RuntimeException e) {
            file.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Removes the logs of generations before {@code generation}: a durable snapshot holds what they held. */
    void deleteBefore(long generation) throws IOException {
        for (Map.Entry<Long, Path> log : list().headMap(generation).entrySet()) {
            Files.deleteIfExists(log.getValue());
        }
    }

    /** Makes renames and new files in the directory durable, where the platform can open a directory. */
    void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; there the file system orders its own metadata
        }
    }
}
