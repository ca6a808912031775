package io.larder.cli;

import io.larder.Larder;
import io.larder.Query;
import io.larder.StoreSpec;
import io.larder.chat.ChatArchive;
import io.larder.config.BackupSettings;
import io.larder.config.LarderSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code larder backup}: every store into one portable, checksummed file; or, with {@code --schedule}, one every interval. */
@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes every store into one portable, checksummed backup file.",
                "The chat archive's stores and those the configuration declares, streamed in constant memory into "
                        + "gzip-compressed JSON lines (docs/backup-format.md); larder restore reads it into any backend. "
                        + "Without -o the file goes into larder.backup.path as larder-backup-<UTC time>.jsonl.gz. With "
                        + "--schedule: a backup every larder.backup.interval, the newest larder.backup.keep kept, until "
                        + "stopped (Ctrl-C); stopped after a backup that failed, it exits 1."},
        footer = {"", "Examples:", "  larder backup -o chat-2026-12-04.jsonl.gz",
                "  larder backup --config larder.yaml --profile production --schedule"})
final class BackupCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** How a scheduled backup's file is named: {@code larder-backup-20261204T170000Z.jsonl.gz}. */
    static final String PREFIX = "larder-backup-";
    static final String SUFFIX = ".jsonl.gz";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "the backup file (default: a new one in larder.backup.path)")
    private @Nullable Path out;

    @Option(names = "--store", paramLabel = "NAME", description = "only this store (repeatable; chat: the archive with all its stores)")
    private @Nullable List<String> only;

    @Option(names = "--schedule", description = "keep running: a backup each larder.backup.interval into larder.backup.path")
    private boolean schedule;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "records read per batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Mixin
    private StoreOptions store;

    /**
     * What one backup wrote.
     *
     * @param file the file
     * @param stores the stores in it
     * @param records the records in it
     * @param took the time it took
     */
    record Written(Path file, int stores, long records, Duration took) {
    }

    @Override
    public Integer call() {
        if (batch < 1 || batch > Query.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--batch must be 1.." + Query.MAX_LIMIT + ", got " + batch);
        }
        Interruption.onlyReads();
        LarderSettings settings = store.settings();
        PrintWriter stdout = spec.commandLine().getOut();
        if (!schedule) {
            Written w = backup(settings, out != null ? out : fileIn(settings.backup().path(), Instant.now()));
            stdout.println(summary(w));
            return 0;
        }
        BackupSettings plan = settings.backup();
        if (out != null) {
            throw new ParameterException(spec.commandLine(), "--schedule writes into larder.backup.path: drop -o");
        }
        if (!plan.enabled()) {
            throw new ParameterException(spec.commandLine(), "scheduled backups are off in " + settings.source()
                    + ": set larder.backup.enabled: true (and interval, path, keep as you want them)");
        }
        return new BackupSchedule(plan, Clock.systemUTC(), BackupSchedule::pause, file -> backup(settings, file), stdout,
                spec.commandLine().getErr()).run(Long.MAX_VALUE);
    }

    /** A new backup file's name in {@code dir} for a backup started at {@code at}. */
    static Path fileIn(Path dir, Instant at) {
        return dir.resolve(PREFIX + STAMP.format(at) + SUFFIX);
    }

    static String summary(Written w) {
        return "backed up " + w.stores() + (w.stores() == 1 ? " store, " : " stores, ") + HumanFormat.count(w.records())
                + " records, to " + w.file() + " (" + HumanFormat.size(w.file().toFile().length()) + ") in "
                + HumanFormat.duration(w.took());
    }

    /** Writes one backup of the stores {@code settings} name into {@code file}, opening the Larder for it alone. */
    private Written backup(LarderSettings settings, Path file) {
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        try (Session session = store.open(settings); OutputFile target = OutputFile.open(file)) {
            Larder larder = session.larder();
            Map<String, StoreSpec<?>> stores = StoreSelection.of(settings, ChatArchive.open(larder), only, spec);
            BackupFile.Writer writer = new BackupFile.Writer(target.stream(), ConfigChoice.describe(settings), Instant.now());
            for (StoreSpec<?> s : stores.values()) {
                write(writer, larder, settings, s, err);
            }
            long records = writer.finish();
            target.commit();
            return new Written(target.target(), stores.size(), records, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private <T> void write(BackupFile.Writer writer, Larder larder, LarderSettings settings, StoreSpec<T> s, PrintWriter err) {
        writer.beginStore(s);
        try (Progress progress = Progress.start(err, "backing up " + s.name(), "records")) {
            // partition by partition, oldest first: a restore writes them in that order, which an archive layout wants
            StoreCopy.walk(StoreSelection.open(larder, settings, s), true, batch, progress, records -> records.forEach(writer::record));
        }
        writer.endStore();
    }
}
