package io.larder.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads lines of bytes ending in {@code \n} (a {@code \r} before it is dropped), holding at most a
 * fixed number of bytes of any one line: a longer line is reported as too long and skipped to its
 * end, so one damaged line cannot exhaust memory. Lines are split before they are decoded, which
 * is right for UTF-8 and the legacy multi-byte encodings (GBK, GB 18030, Big5, Shift_JIS), where
 * the byte {@code \n} never stands inside a character. Not thread-safe.
 */
final class BoundedLines {
    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private byte[] line = new byte[256];
    private int pos;
    private int end;
    private boolean eof;

    /**
     * A line.
     *
     * @param bytes its bytes without the line break (empty when too long); owned by the caller
     * @param tooLong whether it exceeded the bound
     */
    record Line(byte[] bytes, boolean tooLong) {
    }

    BoundedLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or {@code null} at the end of input. */
    @Nullable Line next() {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                return any ? finish(length, tooLong) : null;
            }
            any = true;
            int start = pos;
            while (pos < end && buffer[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (!tooLong) {
                if (length + n > maxBytes + 1) { // +1 leaves room for a '\r' before the break
                    tooLong = true;
                } else {
                    if (length + n > line.length) {
                        line = Arrays.copyOf(line, Math.max(length + n, Math.min(maxBytes + 1, line.length * 2)));
                    }
                    System.arraycopy(buffer, start, line, length, n);
                    length += n;
                }
            }
            if (pos < end) {
                pos++; // the '\n'
                return finish(length, tooLong);
            }
        }
    }

    private Line finish(int length, boolean tooLong) {
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (tooLong || length > maxBytes) {
            return new Line(new byte[0], true);
        }
        return new Line(Arrays.copyOf(line, length), false);
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int n = in.read(buffer);
            while (n == 0) {
                n = in.read(buffer);
            }
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            end = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
