package io.larder.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * A file a command writes where the user said ({@code export -o}, {@code backup -o}). A regular file
 * or a new path is written beside its final name and moved over it once complete, so no reader sees
 * half a file and a failure leaves the old one (whose permissions the new one takes). A symbolic link
 * is followed: its target is what gets written. A device or a pipe ({@code /dev/full}, a FIFO) is
 * written in place, never replaced by a regular file. A directory is refused. A temporary file never
 * outlives the command, even one stopped by Ctrl-C. Not thread-safe.
 *
 * <pre>{@code
 * try (OutputFile f = OutputFile.open(path)) { write(f.stream()); f.commit(); }
 * }</pre>
 */
final class OutputFile implements AutoCloseable {
    private static final int MAX_LINKS = 40;

    private final Path target;
    private final @Nullable Path temporary;
    private final OutputStream stream;
    private boolean committed;

    private OutputFile(Path target, @Nullable Path temporary, OutputStream stream) {
        this.target = target;
        this.temporary = temporary;
        this.stream = stream;
    }

    /**
     * Opens {@code path} for writing as described above.
     *
     * @throws Failure when it is a directory
     * @throws UncheckedIOException when it cannot be written
     */
    static OutputFile open(Path path) {
        Path target = followLinks(path.toAbsolutePath().normalize());
        try {
            BasicFileAttributes attributes = Files.exists(target)
                    ? Files.readAttributes(target, BasicFileAttributes.class) : null;
            if (attributes != null && attributes.isDirectory()) {
                throw new Failure("cannot write to " + path + ": it is a directory");
            }
            if (attributes != null && attributes.isOther()) {
                // a device, a FIFO or a socket: its reader is waiting on this very file
                return new OutputFile(target, null, new BufferedOutputStream(Files.newOutputStream(target,
                        StandardOpenOption.WRITE), 1 << 16));
            }
            Files.createDirectories(target.getParent());
            Path temporary = create(target);
            if (attributes != null) {
                keepPermissions(target, temporary);
            }
            return new OutputFile(target, temporary, new BufferedOutputStream(Files.newOutputStream(temporary,
                    StandardOpenOption.WRITE), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Where the bytes go. */
    OutputStream stream() {
        return stream;
    }

    /** The file written: the link's target when the path named a link. */
    Path target() {
        return target;
    }

    /** Finishes the file: flushed and closed, and moved into place when it was written beside it. */
    void commit() {
        try {
            stream.close();
            if (temporary != null) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Interruption.settled(temporary);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Without {@link #commit()}: closes and removes the temporary file; the target is as it was. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            stream.close();
        } catch (IOException e) {
            // the file is being abandoned: the error that brought us here is the one to report
        }
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
                Interruption.settled(temporary);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the temporary file " + temporary, e);
            }
        }
    }

    /** A new file beside {@code target}, created with the process's usual permissions (not a temp file's 0600). */
    private static Path create(Path target) throws IOException {
        while (true) {
            Path temporary = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".tmp");
            try {
                Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                Interruption.temporary(temporary);
                return temporary;
            } catch (FileAlreadyExistsException taken) {
                // another name
            }
        }
    }

    private static void keepPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView copy = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (source != null && copy != null) {
            copy.setPermissions(source.readAttributes().permissions());
        }
    }

    /** The path a chain of symbolic links ends at; the path itself when it is not a link. */
    private static Path followLinks(Path path) {
        Path at = path;
        try {
            for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(at); i++) {
                at = at.resolveSibling(Files.readSymbolicLink(at)).normalize();
            }
            if (Files.isSymbolicLink(at)) {
                throw new Failure("cannot write to " + path + ": more than " + MAX_LINKS + " symbolic links");
            }
            return Files.exists(at, LinkOption.NOFOLLOW_LINKS) ? at.toRealPath() : at;
        } catch (NoSuchFileException e) {
            return at;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot follow the link " + path, e);
        }
    }
}
