package io.larder.chat;

import static io.larder.chat.BuilderGuard.once;
import static io.larder.chat.BuilderGuard.positive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Imports OneBot v11 events, one JSON object per line (go-cqhttp, NapCat, Lagrange logs), into
 * a {@link ChatArchive}: group messages are appended, {@code group_recall} notices soft-delete
 * their message in the operator's name, everything else is skipped and counted by kind, and a
 * line that cannot be read (longer than the bound, not in the log's encoding, malformed JSON, an
 * event missing a field) is refused with its number: nothing is stored in its place. Streams in
 * constant memory: lines are read one by one (each at most {@link Builder#maxLineBytes} bytes),
 * decoded strictly ({@link Builder#charset}, UTF-8 by default) and written in batches. Importing
 * the same file again adds nothing. Immutable and thread-safe; one import runs on the caller's thread.
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
    private final Consumer<ImportReport> progress;

    private OneBotImporter(Builder b) {
        this.batchSize = b.batchSize == null ? 500 : b.batchSize;
        this.maxRefusals = b.maxRefusals == null ? 100 : b.maxRefusals;
        this.maxLineBytes = b.maxLineBytes == null ? DEFAULT_MAX_LINE_BYTES : b.maxLineBytes;
        this.charset = b.charset == null ? StandardCharsets.UTF_8 : b.charset;
        this.progressEvery = b.progressEvery == null ? 0 : b.progressEvery;
        this.progress = b.progress;
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

    /** Imports the lines of {@code in}; the caller closes it. */
    public ImportReport importFrom(InputStream in, ChatArchive archive) {
        Objects.requireNonNull(archive, "archive");
        Run run = new Run(archive);
        BoundedLines lines = new BoundedLines(in, maxLineBytes);
        for (BoundedLines.Line line = lines.next(); line != null; line = lines.next()) {
            run.read(line);
            if (progress != null && run.lines % progressEvery == 0) {
                run.flush();
                progress.accept(run.report());
            }
        }
        run.flush();
        return run.report();
    }

    /** One import's counters and pending batch. */
    private final class Run {
        private final ChatArchive archive;
        private final List<ChatMessage> messages = new ArrayList<>();
        private final List<Recalls.Recall> recalls = new ArrayList<>();
        private final Map<String, Long> skipped = new TreeMap<>();
        private final List<ImportReport.Refusal> refusals = new ArrayList<>();
        private final LineDecoder decoder = new LineDecoder(charset);
        private long lines;
        private long taken;
        private long duplicates;
        private long applied;
        private long repeated;
        private long unknown;
        private long refused;

        Run(ChatArchive archive) {
            this.archive = archive;
        }

        void read(BoundedLines.Line line) {
            lines++;
            if (line.tooLong()) {
                refuse("line longer than " + maxLineBytes + " bytes");
                return;
            }
            String text;
            try {
                text = decoder.decode(line.bytes());
            } catch (LineDecoder.UndecodableException e) {
                refuse(e.getMessage());
                return;
            }
            if (lines == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                skipped.merge("blank", 1L, Long::sum);
                return;
            }
            OneBotEvents.Event event;
            try {
                event = OneBotEvents.map(Json.parseObject(text));
            } catch (Json.JsonException e) {
                refuse("malformed JSON: " + e.getMessage());
                return;
            } catch (IllegalArgumentException e) {
                // a malformed event, or a value ChatMessage refuses (an empty id)
                refuse(e.getMessage());
                return;
            }
            if (event instanceof OneBotEvents.Posted p) {
                messages.add(p.message());
            } else if (event instanceof OneBotEvents.Recalled r) {
                recalls.add(r.recall());
            } else {
                skipped.merge(((OneBotEvents.Skipped) event).kind(), 1L, Long::sum);
            }
            if (messages.size() + recalls.size() >= batchSize) {
                flush();
            }
        }

        /** Messages first, then recalls, so a recall finds a message of its own batch. */
        void flush() {
            if (!messages.isEmpty()) {
                ChatArchive.Appended a = archive.appendAll(messages);
                taken += a.added();
                duplicates += a.duplicates();
                messages.clear();
            }
            if (!recalls.isEmpty()) {
                Recalls.Result r = archive.recallAll(recalls);
                applied += r.applied();
                repeated += r.repeated();
                unknown += r.unknown();
                recalls.clear();
            }
        }

        void refuse(String reason) {
            refused++;
            if (refusals.size() < maxRefusals) {
                refusals.add(new ImportReport.Refusal(lines, reason));
            }
        }

        ImportReport report() {
            return new ImportReport(lines, taken, duplicates, applied, repeated, unknown, skipped, refused, refusals);
        }
    }

    /** Builds a {@link OneBotImporter}; each setting once. Not thread-safe. */
    public static final class Builder {
        private Integer batchSize;
        private Integer maxRefusals;
        private Integer maxLineBytes;
        private Charset charset;
        private Long progressEvery;
        private Consumer<ImportReport> progress;

        private Builder() {
        }

        /** Messages and recalls written per batch (500). */
        public Builder batchSize(int n) {
            batchSize = once(batchSize, positive(n, "batch size"), "batch size");
            return this;
        }

        /** How many refused lines the report names (100); all are counted. */
        public Builder maxRefusals(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("max refusals cannot be negative: " + n);
            }
            maxRefusals = once(maxRefusals, n, "max refusals");
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

        /** Calls {@code listener} with the report so far every {@code lines} lines, after writing what is pending. */
        public Builder progress(long lines, Consumer<ImportReport> listener) {
            if (lines <= 0) {
                throw new IllegalArgumentException("progress interval must be positive: " + lines);
            }
            progress = once(progress, listener, "progress");
            progressEvery = lines;
            return this;
        }

        /** The importer. */
        public OneBotImporter build() {
            return new OneBotImporter(this);
        }
    }
}
