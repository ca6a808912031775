package io.larder.chat;

import static io.larder.chat.BuilderGuard.once;
import static io.larder.chat.BuilderGuard.nonNegative;
import static io.larder.chat.BuilderGuard.positive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Imports OneBot v11 events, one JSON object per line (go-cqhttp, NapCat, Lagrange logs), into
 * a {@link ChatArchive}: group messages are appended, {@code group_recall} notices soft-delete
 * their message in the operator's name, everything else is skipped and counted by kind, and a
 * line that cannot be read (longer than the bound, not in the log's encoding, malformed JSON, an
 * event missing a field) is refused with its number: nothing is stored in its place. Streams in
 * constant memory: lines are read one by one (each at most {@link Builder#maxLineBytes} bytes),
 * decoded strictly ({@link Builder#charset}, UTF-8 by default) and written in batches by a
 * {@link OneBotIngest} (by size, and by time: what was read is stored within a second, so a pipe
 * is stored as it flows). Importing the same file again adds nothing; importing it again after an
 * import that failed or was killed stores what that one had not, and counts again the groups whose
 * daily counts it left short (see {@link ImportReport#recounted}). Immutable and thread-safe;
 * one import reads on the caller's thread.
 *
 * <pre>{@code
 * ImportReport report = OneBotImporter.builder().build().importFrom(Path.of("events.jsonl"), archive);
 * }</pre>
 */
public final class OneBotImporter {
    /** The longest line read unless the builder says otherwise: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    private final int batchSize;
    private final int maxRefusals;
    private final int maxLineBytes;
    private final Charset charset;
    private final long progressEvery;
    private final @Nullable Consumer<ImportReport> progress;
    private final @Nullable Duration maxDelay;
    private final int writers;
    private final @Nullable Consumer<RuntimeException> onFailure;

    private OneBotImporter(Builder b) {
        this.batchSize = b.batchSize == null ? 500 : b.batchSize;
        this.maxRefusals = b.maxRefusals == null ? 100 : b.maxRefusals;
        this.maxLineBytes = b.maxLineBytes == null ? DEFAULT_MAX_LINE_BYTES : b.maxLineBytes;
        this.charset = b.charset == null ? StandardCharsets.UTF_8 : b.charset;
        this.progressEvery = b.progressEvery == null ? 0 : b.progressEvery;
        this.progress = b.progress;
        this.maxDelay = b.maxDelay;
        this.writers = b.writers == null ? OneBotIngest.DEFAULT_WRITERS : b.writers;
        this.onFailure = b.onFailure;
    }

    /** A builder with batches of 500, 100 refusal samples, UTF-8 lines of up to 1 MiB. */
    public static Builder builder() {
        return new Builder();
    }

    /** Imports a file. */
    public ImportReport importFrom(Path file, ChatArchive archive) {
        try (InputStream in = Files.newInputStream(file)) {
            return importFrom(in, archive);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Imports the lines of {@code in}; the caller closes it. Lines are written by a
     * {@link OneBotIngest}, so what was read is stored within {@link Builder#maxDelay} even while
     * {@code in} waits for more (a pipe, a growing log).
     *
     * @throws io.larder.StorageException when a batch could not be written: the import stops there
     */
    public ImportReport importFrom(InputStream in, ChatArchive archive) {
        Objects.requireNonNull(archive, "archive");
        OneBotIngest.Builder b = OneBotIngest.builder(archive).batchSize(batchSize).maxRefusals(maxRefusals).writers(writers);
        if (maxDelay != null) {
            b.maxDelay(maxDelay);
        }
        if (onFailure != null) {
            b.onFailure(onFailure);
        }
        LineDecoder decoder = new LineDecoder(charset);
        BoundedLines lines = new BoundedLines(in, maxLineBytes);
        long count = 0;
        long nextReport = progressEvery;
        try (OneBotIngest ingest = b.build()) {
            for (BoundedLines.Line line = lines.next(); line != null; line = lines.next()) {
                count++;
                read(ingest, decoder, line, count == 1);
                failIfFailed(ingest);
                if (progress != null && count == nextReport) {
                    ingest.flush();
                    failIfFailed(ingest);
                    progress.accept(ingest.report());
                    nextReport = count + Math.max(progressEvery, Math.min(10 * progressEvery, count / 10));
                }
            }
            ingest.flush();
            failIfFailed(ingest);
            ingest.mendCounts();
            return ingest.report();
        }
    }

    /** Throws the failure of a batch, if one failed, after dropping the events still waiting (nothing of a failed import waits out more timeouts). */
    private static void failIfFailed(OneBotIngest ingest) {
        RuntimeException failure = ingest.lastFailure();
        if (failure != null) {
            ingest.abort(failure);
            throw failure;
        }
    }

    private void read(OneBotIngest ingest, LineDecoder decoder, BoundedLines.Line line, boolean first) {
        if (line.tooLong()) {
            ingest.refuse("line longer than " + maxLineBytes + " bytes");
            return;
        }
        String text;
        try {
            text = decoder.decode(line.bytes());
        } catch (LineDecoder.UndecodableException e) {
            ingest.refuse(String.valueOf(e.getMessage()));
            return;
        }
        if (first && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            ingest.skip("blank");
            return;
        }
        ingest.submitLine(text);
    }

    /** Builds a {@link OneBotImporter}; each setting once. Not thread-safe. */
    public static final class Builder {
        private @Nullable Integer batchSize;
        private @Nullable Integer maxRefusals;
        private @Nullable Integer maxLineBytes;
        private @Nullable Charset charset;
        private @Nullable Long progressEvery;
        private @Nullable Consumer<ImportReport> progress;
        private @Nullable Duration maxDelay;
        private @Nullable Integer writers;
        private @Nullable Consumer<RuntimeException> onFailure;

        private Builder() {
        }

        /** Messages and recalls written per batch (500). */
        public Builder batchSize(int n) {
            batchSize = once(batchSize, positive(n, "batch size"), "batch size");
            return this;
        }

        /** How many refused lines the report names (100); all are counted. */
        public Builder maxRefusals(int n) {
            maxRefusals = once(maxRefusals, nonNegative(n, "max refusals"), "max refusals");
            return this;
        }

        /** The longest line read, in bytes ({@value OneBotImporter#DEFAULT_MAX_LINE_BYTES}); a longer one is refused. */
        public Builder maxLineBytes(int n) {
            maxLineBytes = once(maxLineBytes, positive(n, "max line bytes"), "max line bytes");
            return this;
        }

        /** The encoding of the log (UTF-8); a line that is not valid in it is refused, never stored garbled. */
        public Builder charset(Charset value) {
            charset = once(charset, value, "charset");
            return this;
        }

        /**
         * Calls {@code listener} with the report so far, after writing what is pending: every
         * {@code lines} lines at first, then every tenth of the lines read so far, at most every ten
         * times {@code lines} (a report drains the writers, which would otherwise keep writing while
         * the next lines are read: every 1000 lines of a million-line import cost it a seventh of its speed).
         */
        public Builder progress(long lines, Consumer<ImportReport> listener) {
            if (lines <= 0) {
                throw new IllegalArgumentException("progress interval must be positive: " + lines);
            }
            progress = once(progress, listener, "progress");
            progressEvery = lines;
            return this;
        }

        /**
         * The longest a line read waits to be stored ({@link OneBotIngest#DEFAULT_MAX_DELAY}): a
         * pipe or a growing log is stored as it comes, not only every {@link #batchSize} lines.
         */
        public Builder maxDelay(Duration value) {
            maxDelay = once(maxDelay, value, "max delay");
            return this;
        }

        /**
         * How many threads write ({@value OneBotIngest#DEFAULT_WRITERS}): each group's lines go to one
         * of them, in their order. More overlap the round trips to a backend over the network, and
         * contend for an in-process one.
         */
        public Builder writers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("writers must be at least 1, got " + n);
            }
            writers = once(writers, n, "writers");
            return this;
        }

        /**
         * Called with the error of a batch that could not be written, as soon as it fails
         * ({@link OneBotIngest.Builder#onFailure}); the import then fails with it once it reads its next
         * line, or at the end. How a reader of a log that waits for lines learns of it at once.
         */
        public Builder onFailure(Consumer<RuntimeException> listener) {
            onFailure = once(onFailure, listener, "on failure");
            return this;
        }

        /** The importer. */
        public OneBotImporter build() {
            return new OneBotImporter(this);
        }
    }
}
