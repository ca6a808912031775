package io.larder.cli;

import io.larder.BackendSettings;
import io.larder.DataSize;
import io.larder.StorageException;
import io.larder.UnconfirmedWriteException;
import io.larder.chat.ChatArchive;
import io.larder.chat.ImportReport;
import io.larder.chat.OneBotImporter;
import io.larder.chat.OneBotIngest;
import io.larder.config.LarderSettings;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code larder import}: OneBot v11 event logs into the chat archive, with a report per file. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Imports OneBot v11 event logs into the chat archive.",
                "One JSON event a line, as go-cqhttp, NapCat and Lagrange write them; gzip files (.gz) are read as "
                        + "they are, and a directory is read whole, its files in the order of their first events. "
                        + "Importing a log again adds nothing. A line that cannot be read (malformed JSON, not in the "
                        + "log's encoding, longer than --max-line) is refused and reported by number; UTF-16 text, "
                        + "archives and other binary files are refused by name, and so is UTF-8 text given another "
                        + "--encoding (its first 64 KB are looked at). A damaged or cut-short .gz file is named as such: "
                        + "the lines before the damage are imported, the next files read.",
                "With --follow FILE it reads one log as it grows, as tail -F does: to its end, then each line appended, "
                        + "stored within a second; a rotated log (its name given to a new file) is read to its end, then "
                        + "the new one from its start; a truncated one again from its start. A last line without its line "
                        + "break waits for it. FILE must exist when it starts (touch it if nothing was logged yet). Ctrl-C "
                        + "or SIGTERM ends it: what was read is stored and the report printed. When the storage stops "
                        + "answering, it says so and, once it answers (1 s, then up to 30 s between tries), reads the log "
                        + "again from the first line its progress reports had not said was stored (from its start when "
                        + "none had; what was archived is skipped).",
                "Exit code 1 when a file is refused or damaged, when nothing in a file could be read, or (with --strict) when "
                        + "any line was refused; what could be read is imported all the same. A follow stopped by Ctrl-C "
                        + "or SIGTERM exits 0 unless one of these holds (an empty log is not one), or 130 when it was "
                        + "stopped before it had read to the end of the log."})
final class ImportCommand implements Callable<Integer> {
    private static final long PROGRESS_EVERY_LINES = 1000;
    private static final int NETWORK_WRITERS = 4;
    private static final String MEMORY = "memory";
    /**
     * Messages per batch. 2000 puts about 250 of one group in a writer's batch when 8 groups are
     * interleaved, near a chunk's worth, so the archive seals most of a batch straight into chunks:
     * a 1M-line import into Redis used 15–18 s of Redis CPU against 21–24 with 500, and ran about 15%
     * faster; into memory the same (docs/benchmarks/import.md).
     */
    private static final int DEFAULT_BATCH = 2000;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "event logs, .gz files or directories of them; "
            + "- reads standard input")
    @SuppressWarnings("NullAway.Init") // picocli refuses a command line without it
    private List<Path> files;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8", converter = CharsetArgument.class,
            description = "the logs' encoding, e.g. GBK or GB18030 for older Windows logs (default: ${DEFAULT-VALUE}); "
                    + "a line not valid in it is refused, and a log that reads as UTF-8 is refused whole when "
                    + "another is given: never stored garbled")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private Charset encoding;

    @Option(names = "--max-line", paramLabel = "SIZE", defaultValue = "1MB", converter = SizeArgument.class,
            description = "the longest line read, e.g. 512KB or 8MB (default: ${DEFAULT-VALUE}); a longer one is refused")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private DataSize maxLine;

    @Option(names = "--follow", description = "read one FILE as it grows, surviving rotation and truncation, "
            + "until stopped (Ctrl-C, SIGTERM)")
    private boolean follow;

    @Option(names = "--strict", description = "exit 1 when any line was refused")
    private boolean strict;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + DEFAULT_BATCH, description = "messages written per batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--show-refused", paramLabel = "N", defaultValue = "10",
            description = "refused lines listed with their numbers, 0 or more (default: ${DEFAULT-VALUE}); all are counted")
    private int showRefused;

    @Mixin
    private StoreOptions store;

    /**
     * How lines are read.
     *
     * @param batch messages written per batch
     * @param encoding the logs' encoding
     * @param maxLineBytes the longest line read
     * @param writers the threads that write ({@link #writersFor})
     * @param backend the provider of the backend written to ({@code memory}, {@code redis}...), for the advice when it fails
     */
    record Reading(int batch, Charset encoding, int maxLineBytes, int writers, String backend) {
        /** The defaults of the command line, for the embedded memory backend. */
        static final Reading DEFAULT = new Reading(DEFAULT_BATCH, StandardCharsets.UTF_8, OneBotImporter.DEFAULT_MAX_LINE_BYTES,
                OneBotIngest.DEFAULT_WRITERS, MEMORY);
    }

    /**
     * The writing threads for a backend: two for the in-process memory backend, where more contend
     * for it; four for one over the network, where they overlap their round trips (a 1M-line import
     * into Redis ran 11% faster with four, into memory 10% slower; docs/benchmarks/import.md).
     */
    static int writersFor(BackendSettings backend) {
        return MEMORY.equals(backend.provider()) ? OneBotIngest.DEFAULT_WRITERS : NETWORK_WRITERS;
    }

    /**
     * What one log gave.
     *
     * @param source the log's name as people read it
     * @param report the importer's report; {@code null} when the log was refused whole
     * @param refusal why the log was refused whole; {@code null} when it was read
     * @param damage how its compressed data ended early ("cut short after line 12"); {@code null} when it was read whole
     * @param took the time it took
     */
    record Imported(String source, @Nullable ImportReport report, @Nullable String refusal, @Nullable String damage,
                    Duration took) {
        /**
         * Whether the log gave nothing: refused whole, or lines of it refused and none of the others a
         * message or a recall (a log in another encoding whose heartbeats alone were readable).
         */
        boolean unusable() {
            return report == null || report.refused() > 0 && report.messages() + report.recalls() == 0;
        }
    }

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        if (showRefused < 0) {
            throw new ParameterException(spec.commandLine(), "--show-refused must be 0 or more, got " + showRefused);
        }
        if (maxLine.bytes() < 1 || maxLine.bytes() > Integer.MAX_VALUE - 16) {
            throw new ParameterException(spec.commandLine(), "--max-line must be 1B..2GB, got " + maxLine);
        }
        LarderSettings settings = store.settings();
        Reading reading = new Reading(batch, encoding, (int) maxLine.bytes(), writersFor(settings.backend()),
                settings.backend().provider());
        if (follow) {
            return follow(reading, settings);
        }
        List<Path> logs = EventLogs.expand(files);
        PrintWriter out = spec.commandLine().getOut();
        List<Imported> done = new ArrayList<>();
        try (Session session = store.open(settings)) {
            ChatArchive archive = ChatArchive.open(session.larder());
            for (Path log : logs) {
                Imported one = run(isStdin(log) ? null : log, archive, reading, spec.commandLine().getErr(), done);
                done.add(one);
                print(out, one);
            }
        }
        if (done.size() > 1) {
            out.println(total(done));
        }
        List<String> problems = problems(done, true);
        if (!problems.isEmpty()) {
            throw new Failure(String.join("; ", problems));
        }
        return 0;
    }

    private int follow(Reading reading, LarderSettings settings) {
        String unfollowable = FollowImport.unfollowable(files);
        if (unfollowable != null) {
            throw new ParameterException(spec.commandLine(), unfollowable);
        }
        PrintWriter out = spec.commandLine().getOut();
        FollowImport.Result result;
        try (Session session = store.open(settings)) {
            result = FollowImport.run(files.get(0), ChatArchive.open(session.larder()), reading, spec.commandLine().getErr());
        }
        print(out, result.imported());
        FollowImport.print(out, result.imported().source(), result.followed());
        Interrupted early = FollowImport.interrupted(result.imported().source(), result.followed());
        if (early != null) {
            throw early;
        }
        List<String> problems = problems(List.of(result.imported()), false);
        if (!problems.isEmpty()) {
            throw new Failure(String.join("; ", problems));
        }
        return 0;
    }

    private void print(PrintWriter out, Imported one) {
        if (one.report() == null) {
            out.println("refused " + one.source() + ": it is " + one.refusal());
            return;
        }
        ImportSummary.print(out, one.source(), one.report(), one.took(), showRefused, "", "  ");
        if (one.damage() != null) {
            out.println("  damaged   the compressed data is " + one.damage() + ": the lines before it were imported");
        }
        String notDecoded = "not valid " + encoding.name();
        if (one.report().refusals().stream().anyMatch(r -> r.reason().startsWith(notDecoded))) {
            out.println("  lines not valid " + encoding.name() + " were refused: if the log is in another encoding, "
                    + "import it again with --encoding (GBK, GB18030, Big5...)");
        }
    }

    /** What makes the run fail, each in a few words; an empty log is one when {@code eventsExpected}. */
    private List<String> problems(List<Imported> done, boolean eventsExpected) {
        List<String> problems = new ArrayList<>();
        long refusedLines = 0;
        long usable = 0;
        for (Imported i : done) {
            ImportReport r = i.report();
            if (r == null) {
                problems.add(i.source() + " is " + i.refusal());
                continue;
            }
            refusedLines += r.refused();
            usable += r.lines() - r.refused();
            if (i.damage() != null) {
                problems.add(i.source() + ": the compressed data is " + i.damage());
            }
            if (i.unusable()) {
                problems.add(r.refused() == r.lines()
                        ? "nothing in " + i.source() + " could be read: all " + HumanFormat.count(r.lines())
                                + (r.lines() == 1 ? " line was" : " lines were") + " refused"
                        : "no message in " + i.source() + " could be read: " + HumanFormat.count(r.refused())
                                + (r.refused() == 1 ? " line was" : " lines were") + " refused, and the "
                                + HumanFormat.count(r.lines() - r.refused()) + " others were set aside");
            }
        }
        if (eventsExpected && problems.isEmpty() && usable == 0) {
            problems.add(done.size() == 1 ? done.get(0).source() + " holds no events" : "the logs hold no events");
        }
        if (strict && refusedLines > 0) {
            problems.add(HumanFormat.count(refusedLines) + (refusedLines == 1 ? " line was" : " lines were")
                    + " refused (--strict)");
        }
        return problems;
    }

    private static String total(List<Imported> done) {
        long lines = 0;
        long taken = 0;
        long refused = 0;
        for (Imported i : done) {
            if (i.report() != null) {
                lines += i.report().lines();
                taken += i.report().taken();
                refused += i.report().refused();
            }
        }
        return "imported " + done.size() + " logs: " + HumanFormat.count(lines) + " lines, " + HumanFormat.count(taken)
                + " new messages, " + HumanFormat.count(refused) + " lines refused";
    }

    /**
     * Imports one log ({@code null}: standard input), showing progress on {@code err}. When the
     * process is stopped or the backend fails, says how much of it was stored and that running the
     * command again resumes; {@code before} are the logs imported whole before it.
     */
    static Imported run(@Nullable Path file, ChatArchive archive, Reading reading, PrintWriter err, List<Imported> before) {
        String name = file == null ? "standard input" : file.toString();
        if (file == null) {
            err.println("importing standard input until it ends");   // a feed may run for hours: say it has begun
            err.flush();
        }
        ImportReport[] stored = {null};
        try (Counting counted = new Counting(file == null ? System.in : Files.newInputStream(file));
             Progress progress = Progress.start(err, "importing " + (file == null ? "stdin" : file.getFileName()), "lines")) {
            long size = file == null || !Files.isRegularFile(file) ? 0 : Files.size(file);
            OneBotImporter importer = OneBotImporter.builder().batchSize(reading.batch()).charset(reading.encoding())
                    .writers(reading.writers())
                    .maxLineBytes(reading.maxLineBytes()).progress(PROGRESS_EVERY_LINES, r -> {
                        stored[0] = r;
                        progress.update(r.lines(), size == 0 ? Double.NaN : (double) counted.count / size);
                    }).build();
            try (EventLogs.Text in = EventLogs.open(counted, reading.encoding())) {
                ImportReport report = importer.importFrom(in, archive);
                return new Imported(name, report, null, in.damage(report.lines()), progress.elapsed());
            } catch (EventLogs.NotALogException e) {
                return new Imported(name, null, e.getMessage(), null, progress.elapsed());
            }
        } catch (Interrupted e) {
            throw new Interrupted("interrupted: " + stored(name, stored[0], before, ""));
        } catch (StorageException e) {
            throw new Failure(FailureHandler.withRootCause(e) + "; " + stored(name, stored[0], before, resumeWhen(e, reading)), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * When running a failed import again can succeed, as a condition (" once ..."), for the backend
     * that failed; empty when it may at once. A write not confirmed is not confirmed by replicas on
     * Redis, by the disk holding its log on the memory backend.
     */
    private static String resumeWhen(StorageException e, Reading reading) {
        if (!(e instanceof UnconfirmedWriteException u)) {
            return "";
        }
        return MEMORY.equals(reading.backend())
                ? " once its log " + u.node() + " can be written again (room on its disk, no file size limit)"
                : " once the master has a replica that confirms writes again";
    }

    /** What an import stopped midway had stored, and how to finish it ({@code when}: a condition of running it again, or empty). */
    private static String stored(String name, ImportReport last, List<Imported> before, String when) {
        String whole = before.isEmpty() ? "" : HumanFormat.count(before.size()) + (before.size() == 1 ? " log" : " logs")
                + " imported whole, then ";
        String part = last == null
                ? "this run stopped before all of the first " + HumanFormat.count(PROGRESS_EVERY_LINES) + " lines of "
                        + name + " were stored (messages archived before it are kept)"
                : "of " + name + " at least the first " + HumanFormat.count(last.lines()) + " lines were stored ("
                        + HumanFormat.count(last.taken()) + " new messages)";
        return whole + part + ". Run the same command again" + when + " to resume: messages already archived are skipped, and the daily"
                + " counts of the batches written when it failed are counted again";
    }

    private static boolean isStdin(Path f) {
        return f.toString().equals(EventLogs.STDIN);
    }

    /** Counts the bytes read, for the share of the file done. */
    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            if (in != System.in) {
                super.close();
            }
        }
    }
}
