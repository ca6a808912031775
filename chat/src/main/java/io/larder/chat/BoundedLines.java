package io.larder.chat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Reads lines ({@code \n} or {@code \r\n}) holding at most a fixed number of characters of any
 * one line: a longer line is reported as too long and skipped to its end, so one damaged line
 * cannot exhaust memory. Not thread-safe.
 */
final class BoundedLines {
    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int pos;
    private int end;
    private boolean eof;

    /**
     * A line.
     *
     * @param text its text without the line break (empty when too long)
     * @param tooLong whether it exceeded the bound
     */
    record Line(String text, boolean tooLong) {
    }

    BoundedLines(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, or {@code null} at the end of input. */
    Line next() {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                return any ? finish(line, tooLong) : null;
            }
            any = true;
            int start = pos;
            while (pos < end && buffer[pos] != '\n') {
                pos++;
            }
            if (!tooLong) {
                if (line.length() + (pos - start) > maxChars + 1) { // +1 leaves room for a '\r' before the break
                    tooLong = true;
                    line.setLength(0);
                } else {
                    line.append(buffer, start, pos - start);
                }
            }
            if (pos < end) {
                pos++; // the '\n'
                return finish(line, tooLong);
            }
        }
    }

    private Line finish(StringBuilder line, boolean tooLong) {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        if (!tooLong && line.length() > maxChars) {
            return new Line("", true);
        }
        return new Line(tooLong ? "" : line.toString(), tooLong);
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int n = in.read(buffer);
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
