package io.larder.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PrintWriter} that does not swallow write errors: the first failed write (a full disk,
 * a closed pipe, {@code /dev/full}) throws an {@link UncheckedIOException} naming where the output
 * was going, so a command stops there and exits non-zero instead of reporting work it never
 * delivered. UTF-8; flushed at each line end. Thread-safe as {@code PrintWriter} is.
 */
final class CheckedPrintWriter extends PrintWriter {
    private final Recorder recorder;
    private final String destination;

    /** The first exception the stream threw, which {@link PrintWriter} catches and hides. */
    private static final class Recorder extends FilterWriter {
        private volatile @Nullable IOException failure;

        Recorder(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            record(() -> out.write(c));
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            record(() -> out.write(buf, off, len));
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            record(() -> out.write(str, off, len));
        }

        @Override
        public void flush() throws IOException {
            record(out::flush);
        }

        private interface Io {
            void run() throws IOException;
        }

        private void record(Io io) throws IOException {
            try {
                io.run();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
                throw e;
            }
        }
    }

    private CheckedPrintWriter(Recorder recorder, String destination) {
        super(recorder, true);
        this.recorder = recorder;
        this.destination = destination;
    }

    /** Writes UTF-8 to {@code out}, named {@code destination} in errors ("standard output"). */
    static CheckedPrintWriter of(OutputStream out, String destination) {
        return new CheckedPrintWriter(new Recorder(new OutputStreamWriter(out, StandardCharsets.UTF_8)), destination);
    }

    @Override
    public void write(int c) {
        super.write(c);
        check();
    }

    @Override
    public void write(char[] buf, int off, int len) {
        super.write(buf, off, len);
        check();
    }

    @Override
    public void write(String s, int off, int len) {
        super.write(s, off, len);
        check();
    }

    @Override
    public void println() {
        super.println();
        check();
    }

    @Override
    public void flush() {
        super.flush();
        check();
    }

    private void check() {
        IOException failure = recorder.failure;
        if (failure != null) {
            throw new UncheckedIOException("cannot write to " + destination, failure);
        }
    }
}
