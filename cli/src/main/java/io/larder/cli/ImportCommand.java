package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.ImportReport;
import io.larder.chat.OneBotImporter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
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
                "One JSON event a line, as go-cqhttp, NapCat and Lagrange write them. Importing a file again "
                        + "adds nothing; malformed lines are refused and reported by number."})
final class ImportCommand implements Callable<Integer> {
    private static final long PROGRESS_EVERY_LINES = 1000;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "event logs (.jsonl); - reads standard input")
    private List<Path> files;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "500", description = "messages written per batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--show-refused", paramLabel = "N", defaultValue = "10",
            description = "refused lines listed with their numbers (default: ${DEFAULT-VALUE}); all are counted")
    private int showRefused;

    @Mixin
    private StoreOptions store;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        for (Path f : files) {
            if (!isStdin(f) && !Files.isRegularFile(f)) {
                throw new UncheckedIOException(new NoSuchFileException(f.toString()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = store.open()) {
            ChatArchive archive = ChatArchive.open(session.larder());
            for (Path f : files) {
                Imported done = run(isStdin(f) ? null : f, archive, batch, spec.commandLine().getErr());
                ImportSummary.print(out, isStdin(f) ? "standard input" : f.toString(), done.report(), done.took(),
                        showRefused, "", "  ");
            }
        }
        return 0;
    }

    /**
     * What one import did and how long it took.
     *
     * @param report the importer's report
     * @param took the time it took
     */
    record Imported(ImportReport report, Duration took) {
    }

    /** Imports one file ({@code null}: standard input), showing progress on {@code err}. */
    static Imported run(Path file, ChatArchive archive, int batch, PrintWriter err) {
        try (Counting in = new Counting(file == null ? System.in : Files.newInputStream(file));
             Progress progress = Progress.start(err, "importing " + (file == null ? "stdin" : file.getFileName()), "lines")) {
            long size = file == null ? 0 : Files.size(file);
            OneBotImporter importer = OneBotImporter.builder().batchSize(batch).progress(PROGRESS_EVERY_LINES,
                    r -> progress.update(r.lines(), size == 0 ? Double.NaN : (double) in.count / size)).build();
            ImportReport report = importer.importFrom(in, archive);
            return new Imported(report, progress.elapsed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean isStdin(Path f) {
        return f.toString().equals("-");
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
