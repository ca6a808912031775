package io.larder.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A log file read as it grows, as {@code tail -F} reads it: to its end, then what is appended,
 * polling every {@link #POLL_MILLIS} ms. Only whole lines are handed out: a last line without its
 * line break waits for it (a line longer than {@link #CHUNK} bytes is handed out in pieces). When
 * the name comes to stand for another file (rotation: compared by file key, the inode on Unix)
 * the old file is still read for {@link #ROTATION_GRACE_MILLIS} ms, for what its writer had not
 * written yet, then to its very end (a partial last line ended with a line break, so no line is
 * joined across files); then the new file from its start. While the name stands for nothing, the
 * old file is still read. A file that shrank was truncated: it is read again from its start. The
 * stream ends only when {@code stop} says so, between two whole lines. Notes on rotation and
 * truncation go to {@code err}.
 *
 * <p>Its reader says which lines are stored ({@link #stored}); when the storage failed, {@link
 * #readAgain} goes back to the first line not known to be stored, even in a file rotated away
 * (which stays open until its lines are stored, though the name stands for another file by then),
 * and reads on from there. Not thread-safe: one reader.
 */
final class FollowedLog extends InputStream {
    /** How often a log that has nothing new is looked at again. */
    static final long POLL_MILLIS = 200;
    /** How long a rotated file is still read, for the lines (and the end of a line) its writer had not written yet. */
    static final long ROTATION_GRACE_MILLIS = 1000;
    /** The most read at once; a line without a break this long is handed out as it is. */
    static final int CHUNK = 64 * 1024;

    private final Path path;
    private final PrintWriter err;
    private BooleanSupplier stop;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkEnd;

    private FileChannel channel;
    private @Nullable Object key;
    private long position;
    private boolean lineOpen;            // the last byte handed out from this file was not a line break
    private final Deque<Opened> ahead = new ArrayDeque<>();   // read after this one, each from its start; the last is what the name stood for
    private final Deque<FileChannel> held = new ArrayDeque<>();  // read to their ends since the restart mark's file
    private final Deque<Mark> marks = new ArrayDeque<>();        // places to read again from, oldest first
    private long rotationSeen;           // when this file came to be followed by another: it is read to its end after the grace
    private long lines;                  // line breaks handed out since the start (or since reading again)
    private boolean gone;
    private boolean caughtUp;
    private int files = 1;
    private int truncations;

    private FollowedLog(Path path, PrintWriter err, BooleanSupplier stop, Opened first) {
        this.path = path;
        this.err = err;
        this.stop = stop;
        this.channel = first.channel();
        this.key = first.key();
        marks.add(new Mark(0, channel, 0));
    }

    /** An open file and its key ({@code null} where the platform has none: rotation is then not seen). */
    private record Opened(FileChannel channel, @Nullable Object key) {
    }

    /** A place between two lines: after {@code lines} lines handed out, {@code position} of {@code channel}. */
    private record Mark(long lines, FileChannel channel, long position) {
    }

    /**
     * Where {@link #readAgain} goes back to.
     *
     * @param rotated files rotated away it reads (again) before the current one
     * @param fromStart whether it reads from the start of the first of them (or of the current file)
     */
    record Again(int rotated, boolean fromStart) {
    }

    /**
     * Follows {@code path} from its start.
     *
     * @param stop asked while waiting for more: once it says true the stream ends
     * @throws NoSuchFileException when there is no such file
     */
    static FollowedLog open(Path path, PrintWriter err, BooleanSupplier stop) throws IOException {
        return new FollowedLog(path, err, stop, openFile(path));
    }

    /**
     * Says that the first {@code stored} lines handed out (since the start, or since {@link
     * #readAgain}) are stored: {@link #readAgain} need not read them again, and the files rotated
     * away that hold only such lines are closed.
     */
    void stored(long stored) throws IOException {
        while (marks.size() > 1 && second(marks).lines() <= stored) {
            marks.removeFirst();
        }
        FileChannel from = marks.getFirst().channel();
        while (!held.isEmpty() && held.peekFirst() != from) {
            held.removeFirst().close();
        }
    }

    private static Mark second(Deque<Mark> marks) {
        Iterator<Mark> i = marks.iterator();
        i.next();
        return i.next();
    }

    /**
     * Goes back to the first line not known to be {@link #stored}, in the current file or in one
     * rotated away, and reads on from there through every file after it. Lines are counted from the
     * first read again. {@code stop} replaces the one it had.
     */
    Again readAgain(BooleanSupplier stop) {
        this.stop = stop;
        Mark from = marks.getFirst();
        List<Opened> again = new ArrayList<>();
        held.forEach(c -> again.add(new Opened(c, null)));
        again.add(new Opened(channel, key));
        again.addAll(ahead);
        int rotated = held.size();
        held.clear();
        ahead.clear();
        ahead.addAll(again);
        follow(ahead.removeFirst());
        position = from.position();
        rotationSeen = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(ROTATION_GRACE_MILLIS);   // each finished before
        chunkPos = 0;
        chunkEnd = 0;
        lines = 0;
        caughtUp = false;
        marks.clear();
        marks.add(new Mark(0, channel, position));
        return new Again(rotated, from.position() == 0);
    }

    /** How many files were read: 1, and one more for each rotation. */
    int files() {
        return files;
    }

    /** How many times the file was seen truncated. */
    int truncations() {
        return truncations;
    }

    /**
     * What was not handed out when the stream ended.
     *
     * @param bytes bytes of the log not handed out
     * @param wholeLines whether whole lines are among them (the stream was stopped before the end
     *                   of the log); otherwise they are a last line still waiting for its line break
     */
    record Unread(long bytes, boolean wholeLines) {
    }

    /** What was not handed out: the rest of the current file, and of the files to be read after it. */
    Unread unread() throws IOException {
        long bytes = Math.max(0, channel.size() - position);
        long newer = 0;
        for (Opened o : ahead) {
            newer += o.channel().size();
        }
        return new Unread(bytes + newer, newer > 0 || holdsLineBreak(position, bytes));
    }

    private boolean holdsLineBreak(long from, long bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (long at = from; at < from + bytes; ) {
            buffer.clear();
            int n = channel.read(buffer, at);
            if (n <= 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) == '\n') {
                    return true;
                }
            }
            at += n;
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (chunkPos == chunkEnd && !fill()) {
            return -1;
        }
        int n = Math.min(len, chunkEnd - chunkPos);
        System.arraycopy(chunk, chunkPos, b, off, n);
        chunkPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        List<FileChannel> open = new ArrayList<>(held);
        open.add(channel);
        ahead.forEach(o -> open.add(o.channel()));
        held.clear();
        ahead.clear();
        marks.clear();
        IOException first = null;
        for (FileChannel c : open) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Fills the chunk with whole lines, waiting for them; false once told to stop. */
    private boolean fill() throws IOException {
        while (chunkPos == chunkEnd) {
            if (stop.getAsBoolean()) {
                return false;                            // at once, even amid a long log: the stop's grace is short
            }
            boolean rotated = !ahead.isEmpty();
            boolean lastRead = rotated && waitedOut();
            if (take(lastRead)) {
                continue;
            }
            if (lastRead) {
                if (lineOpen) {
                    endLine();
                } else {
                    switchToNext();
                }
                continue;
            }
            if (!caughtUp) {
                caughtUp = true;
                note("read to its end; waiting for what is appended");
            }
            if (rotated || !looked()) {
                pause();
            }
        }
        return true;
    }

    /**
     * Reads what the current file holds past {@link #position} into the chunk: its whole lines, or
     * everything when {@code partialToo}; true when something was read.
     */
    private boolean take(boolean partialToo) throws IOException {
        int n = channel.read(ByteBuffer.wrap(chunk), position);
        if (n <= 0) {
            return false;
        }
        int give = n;
        if (!partialToo) {
            int end = n;
            while (end > 0 && chunk[end - 1] != '\n') {
                end--;
            }
            if (end > 0) {
                give = end;
            } else if (n < CHUNK) {
                return false;                            // a line still waiting for its break
            }                                            // else a line longer than the chunk: handed out in pieces
        }
        position += give;
        chunkPos = 0;
        chunkEnd = give;
        lineOpen = chunk[give - 1] != '\n';
        for (int i = 0; i < give; i++) {
            if (chunk[i] == '\n') {
                lines++;
            }
        }
        if (!lineOpen) {
            marks.addLast(new Mark(lines, channel, position));
        }
        return true;
    }

    /** Whether a rotated file was given its time to be finished. */
    private boolean waitedOut() {
        return System.nanoTime() - rotationSeen >= TimeUnit.MILLISECONDS.toNanos(ROTATION_GRACE_MILLIS);
    }

    /** Looks at what the name stands for now; true when there is something new to read at once. */
    private boolean looked() throws IOException {
        Object now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            if (!gone) {
                note("it is gone (rotated?): reading what is still written to the old file until a new one appears");
                gone = true;
            }
            return false;
        }
        gone = false;
        if (now != null && !now.equals(key)) {
            Opened opened;
            try {
                opened = openFile(path);
            } catch (NoSuchFileException e) {
                return false;                            // gone again: looked at once more after the pause
            }
            ahead.addLast(opened);
            files++;
            rotationSeen = System.nanoTime();
            note("it was rotated (the name stands for a new file): reading the rest of the old file, then the new one");
            return true;
        }
        if (channel.size() < position) {
            truncations++;
            note("it was truncated: reading it again from its start");
            restartAt(0);
            marks.removeIf(m -> m.channel() == channel && m.position() > 0);   // what they marked is gone
            marks.addLast(new Mark(lines, channel, 0));
            return true;
        }
        return false;
    }

    /** Goes on to the next file, keeping the one read to its end until its lines are stored. */
    private void switchToNext() {
        held.addLast(channel);
        follow(Objects.requireNonNull(ahead.pollFirst(), "called only once a rotation was seen"));
        marks.addLast(new Mark(lines, channel, 0));
    }

    private void follow(Opened file) {
        channel = file.channel();
        key = file.key();
        position = 0;
        lineOpen = false;
    }

    private void restartAt(long at) {
        position = at;
        if (lineOpen) {
            endLine();
        }
    }

    /** Hands out a line break, so that a line cut short is never joined to the next one. */
    private void endLine() {
        chunk[0] = '\n';
        chunkPos = 0;
        chunkEnd = 1;
        lineOpen = false;
        lines++;
        marks.addLast(new Mark(lines, channel, position));
    }

    private void note(String what) {
        err.println("following " + path + ": " + what);
        err.flush();
    }

    private static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
    }

    /** Opens the file, with the key of the file opened (the name may be rotated meanwhile: then tried again). */
    private static Opened openFile(Path path) throws IOException {
        while (true) {
            Object before = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            FileChannel c = FileChannel.open(path, StandardOpenOption.READ);
            Object after;
            try {
                after = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            } catch (IOException e) {
                c.close();
                throw e;
            }
            if (Objects.equals(before, after)) {
                return new Opened(c, after);
            }
            c.close();
        }
    }
}
