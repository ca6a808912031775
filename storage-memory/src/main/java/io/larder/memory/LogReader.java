package io.larder.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Reads one log file from its start, handing each whole record's change on, and stops at the
 * first record that is not whole: cut short, a length that cannot be, or a checksum that does
 * not match. Past such a record it looks for any whole record further on, which tells a torn
 * end (a write the crash cut) from damage in the middle (bytes changed after they were
 * written). Stateless.
 */
final class LogReader {
    /** No record body is larger: a value is at most 256 MiB, and the rest of a record is small. */
    static final int MAX_BODY = 512 * 1024 * 1024;
    private static final int WINDOW = 1 << 20;

    /**
     * What reading found.
     *
     * @param generation the generation the header names, or -1 when the header itself is not whole
     * @param changes how many records were read whole
     * @param end where the whole records end: the file's size when nothing is wrong
     * @param problem what is wrong at {@code end}, or {@code null}
     * @param nextWhole where the next whole record after the problem starts, or -1 when none does
     */
    record Read(long generation, long changes, long end, @Nullable String problem, long nextWhole) {
        boolean damaged() {
            return problem != null;
        }
    }

    private LogReader() {
    }

    static Read read(FileChannel file, Consumer<LogFormat.Change> apply) throws IOException {
        long size = file.size();
        ByteBuffer header = ByteBuffer.allocate(LogFormat.HEADER_BYTES);
        readFully(file, header, 0);
        long generation;
        try {
            generation = LogFormat.generation(header.flip());
        } catch (LogFormat.Unreadable e) {
            return new Read(-1, 0, 0, e.getMessage(), nextWhole(file, 1, size));
        }
        long at = LogFormat.HEADER_BYTES;
        long changes = 0;
        ByteBuffer frame = ByteBuffer.allocate(LogFormat.FRAME_BYTES);
        while (at < size) {
            String problem = null;
            if (size - at < LogFormat.FRAME_BYTES) {
                problem = "a record is cut short: " + (size - at) + " bytes where its length and checksum belong";
            } else {
                readFully(file, frame.clear(), at);
                int length = frame.getInt(0);
                if (length < 1 || length > MAX_BODY || length > size - at - LogFormat.FRAME_BYTES) {
                    problem = "a record claims " + Integer.toUnsignedLong(length) + " bytes where "
                            + (size - at - LogFormat.FRAME_BYTES) + " remain";
                } else {
                    ByteBuffer body = ByteBuffer.allocate(length);
                    readFully(file, body, at + LogFormat.FRAME_BYTES);
                    body.flip();
                    if (!LogFormat.intact(length, frame.getInt(4), body)) {
                        problem = "a record's checksum does not match its bytes";
                    } else {
                        try {
                            apply.accept(LogFormat.read(body));
                            changes++;
                            at += LogFormat.FRAME_BYTES + length;
                            continue;
                        } catch (LogFormat.Unreadable e) {
                            problem = e.getMessage();
                        }
                    }
                }
            }
            return new Read(generation, changes, at, problem, nextWhole(file, at + 1, size));
        }
        return new Read(generation, changes, at, null, -1);
    }

    /**
     * Where the first whole record at or after {@code from} starts, or -1. Walks every offset
     * through a window, and checksums only candidates whose length and kind could be a record's,
     * so garbage and zeros are passed over quickly.
     */
    static long nextWhole(FileChannel file, long from, long size) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(WINDOW);
        long base = from;
        window.limit(0);
        for (long p = from; p + LogFormat.FRAME_BYTES + 1 <= size; p++) {
            if (p + LogFormat.FRAME_BYTES + 1 > base + window.limit()) {
                base = p;
                window.clear().limit((int) Math.min(WINDOW, size - p));
                readFully(file, window, p);
                window.flip();
            }
            int i = (int) (p - base);
            int length = window.getInt(i);
            byte kind = window.get(i + LogFormat.FRAME_BYTES);
            if (length < 1 || length > MAX_BODY || length > size - p - LogFormat.FRAME_BYTES
                    || kind < LogFormat.STORE || kind > LogFormat.TOUCH) {
                continue;
            }
            if (checksumMatches(file, p, length, window.getInt(i + 4))) {
                return p;
            }
        }
        return -1;
    }

    private static boolean checksumMatches(FileChannel file, long at, int length, int expected) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(length, 1 << 16));
        long from = at + LogFormat.FRAME_BYTES;
        long end = from + length;
        while (from < end) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - from));
            readFully(file, chunk, from);
            from += chunk.flip().remaining();
            crc.update(chunk);
        }
        return (int) crc.getValue() == expected;
    }

    /** Reads until {@code into} is full or the file ends. */
    private static void readFully(FileChannel file, ByteBuffer into, long at) throws IOException {
        long position = at;
        while (into.hasRemaining()) {
            int n = file.read(into, position);
            if (n < 0) {
                return;
            }
            position += n;
        }
    }
}
