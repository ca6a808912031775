package io.larder.cli;

import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.chat.ChatArchive;
import io.larder.config.LarderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code larder restore}: a backup file into the configured backend, checked whole before anything is written. */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads a backup file into the configured backend, whatever backend made it.",
                "The whole file is checked first (every count and checksum, and every record converted as the target "
                        + "will store it, in constant memory): a damaged or truncated backup, or one holding a record the "
                        + "target would refuse, writes nothing. Then each store is written, as the configuration declares it "
                        + "or else as the backup does, and counted: exit 1 with both numbers when a store then holds "
                        + "another count than the backup. Records are upserted: restoring again converges; records that "
                        + "expire start their time again."},
        footer = {"", "Example:", "  larder restore --config redis.yaml \\", "      larder-data/backups/larder-backup-20261204T170000Z.jsonl.gz"})
@SuppressWarnings("rawtypes")                       // records are restored as the maps the backup holds
final class RestoreCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the backup file")
    @SuppressWarnings("NullAway.Init") // picocli refuses a command line without it
    private Path file;

    @Option(names = "--store", paramLabel = "NAME",
            description = "only this store (repeatable; a name also takes its companions: chat takes chat.counts...)")
    private @Nullable List<String> only;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "records written per batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Mixin
    private StoreOptions store;

    @Override
    public Integer call() {
        if (batch < 1 || batch > Query.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--batch must be 1.." + Query.MAX_LIMIT + ", got " + batch);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LarderSettings settings = store.settings();
        // the target's declaration of the archive's messages, checked before anything is opened or written
        settings.store(ChatArchive.DEFAULT_NAME).ifPresent(ChatArchive::checkDeclaration);
        Contents inFile = verify(settings, err);
        for (String name : only == null ? List.<String>of() : only) {
            if (inFile.stores().stream().noneMatch(s -> takes(name, s))) {
                throw new ParameterException(spec.commandLine(), "no store named '" + name + "' in " + file + "; it holds "
                        + String.join(", ", inFile.stores()) + "; nothing was written");
            }
        }
        out.println("checked " + file + ": " + inFile.stores().size() + (inFile.stores().size() == 1 ? " store, " : " stores, ")
                + HumanFormat.count(inFile.records()) + " records, every checksum matches and every record converts");
        out.println("into " + ConfigChoice.describe(settings));
        List<StoreCopy.Result> results = new ArrayList<>();
        try (Session session = store.open(settings); BackupFile.Reader reader = open()) {
            write(reader, session.larder(), settings, results, out, err);
        }
        List<StoreCopy.Result> wrong = results.stream().filter(r -> !r.matches()).toList();
        for (StoreCopy.Result r : wrong) {
            err.println(FailureHandler.prefix(spec.commandLine()) + "store " + r.store() + ": the backup has "
                    + HumanFormat.count(r.source()) + " records, the target " + HumanFormat.count(r.target()));
        }
        if (!wrong.isEmpty()) {
            return 1;
        }
        out.println("restored " + HumanFormat.count(results.stream().mapToLong(StoreCopy.Result::source).sum()) + " records in "
                + results.size() + (results.size() == 1 ? " store" : " stores") + "; every count matches");
        return 0;
    }

    /**
     * What a backup holds.
     *
     * @param stores the names of its stores, in file order
     * @param records its records, all stores together
     */
    private record Contents(List<String> stores, long records) {
    }

    /**
     * Reads the whole backup, checking it, and converts each record of the stores to restore as
     * {@code target} will store it; returns its stores and records.
     */
    private Contents verify(LarderSettings target, PrintWriter err) {
        List<String> stores = new ArrayList<>();
        long records = 0;
        try (BackupFile.Reader reader = open(); ConversionCheck conversion = new ConversionCheck(target, batch);
             Progress progress = Progress.start(err, "checking " + file.getFileName(), "records")) {
            for (BackupFile.Event e = reader.next(); e != null; e = reader.next()) {
                if (e instanceof BackupFile.Record r) {
                    conversion.record(r.fields(), reader.line());
                    records++;
                    if (records % 10_000 == 0) {
                        progress.update(records, Double.NaN);
                    }
                } else if (e instanceof BackupFile.Store s && chosen(s.spec().name())) {
                    conversion.begin(s.spec(), reader.line());
                } else if (e instanceof BackupFile.StoreEnd end) {
                    conversion.end();
                    stores.add(end.name());
                }
            }
        } catch (BackupFile.DamagedException e) {
            throw new Failure("the backup " + file + " cannot be restored, " + e.getMessage() + "; nothing was written");
        }
        return new Contents(stores, records);
    }

    private void write(BackupFile.Reader reader, Larder larder, LarderSettings settings, List<StoreCopy.Result> results,
                       PrintWriter out, PrintWriter err) {
        Storage<Map> target = null;
        String name = null;                         // the store being restored, until it is restored whole
        List<Map> pending = new ArrayList<>(batch);
        Progress progress = null;
        long written = 0;
        long firstLine = 0;                         // the line of the first pending record
        try {
            for (BackupFile.Event e = reader.next(); e != null; e = reader.next()) {
                if (e instanceof BackupFile.Store s) {
                    name = chosen(s.spec().name()) ? s.spec().name() : null;
                    written = 0;
                    target = name == null ? null : StoreSelection.open(larder, settings, s.spec());
                    progress = target == null ? null : Progress.start(err, "restoring " + name, "records");
                } else if (e instanceof BackupFile.Record r && target != null && progress != null) {
                    if (pending.isEmpty()) {
                        firstLine = reader.line();
                    }
                    pending.add(r.fields());
                    if (pending.size() == batch) {
                        target.saveAll(pending);
                        written += pending.size();
                        pending.clear();
                        progress.update(written, Double.NaN);
                    }
                } else if (e instanceof BackupFile.StoreEnd end && target != null && progress != null) {
                    target.saveAll(pending);
                    written += pending.size();
                    pending.clear();
                    progress.close();
                    StoreCopy.Result r = new StoreCopy.Result(end.name(), end.records(), StoreCopy.count(target), progress.elapsed());
                    results.add(r);
                    out.println("  " + r.store() + "  " + HumanFormat.count(r.source()) + " records restored in "
                            + HumanFormat.duration(r.took()) + "; the target holds " + HumanFormat.count(r.target())
                            + (r.matches() ? "" : "  MISMATCH"));
                    out.flush();
                    target = null;
                    name = null;
                }
            }
        } catch (Interrupted e) {
            throw new Interrupted("interrupted: " + restored(results) + partly(name, written, "", "was written")
                    + ". Run the same restore again to finish: records are upserted");
        } catch (BackupFile.DamagedException e) {
            throw new Failure("the backup " + file + " changed while it was restored, " + e.getMessage() + "; "
                    + restored(results) + " before it");
        } catch (StorageException e) {
            // a batch the storage refused may have been stored in part: only the batches before it are confirmed
            throw new Failure(FailureHandler.withRootCause(e) + "; " + restored(results)
                    + partly(name, written, "at least ", "was confirmed stored")
                    + ". Run the same restore again to finish: records are upserted", e);
        } catch (IllegalArgumentException e) {
            // a record the target refuses to convert; the check converted every one, so this is rare, and a batch is
            // converted whole before any of it is written
            throw new Failure("the records of " + (name == null ? "the backup" : "store " + name) + " from line " + firstLine
                    + " of " + file + " could not be stored: " + FailureHandler.withRootCause(e) + "; " + restored(results)
                    + partly(name, written, "", "was written") + ". Run the same restore again to finish: records are upserted", e);
        }
    }

    /**
     * How much of the store being restored is in the target: {@code ", and at least 2,000 records of chat"},
     * {@code ", and none of chat's records was confirmed stored"}; nothing between two stores.
     */
    private static String partly(@Nullable String store, long written, String bound, String noneWas) {
        if (store == null) {
            return "";
        }
        return written == 0 ? ", and none of " + store + "'s records " + noneWas
                : ", and " + bound + HumanFormat.count(written) + (written == 1 ? " record of " : " records of ") + store;
    }

    private static String restored(List<StoreCopy.Result> results) {
        return results.isEmpty() ? "no store was restored whole"
                : results.stream().map(StoreCopy.Result::store).toList() + " restored whole";
    }

    /** Whether {@code --store} takes the store (every store without it). */
    private boolean chosen(String store) {
        return only == null || only.isEmpty() || only.stream().anyMatch(n -> takes(n, store));
    }

    /** Whether {@code --store name} takes the store: named, or a companion of the one named ({@code chat.counts} of {@code chat}). */
    private static boolean takes(String name, String store) {
        return store.equals(name) || store.startsWith(name + ".");
    }

    private BackupFile.Reader open() {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return new BackupFile.Reader(in);
        } catch (RuntimeException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the reason it could not be read is the one to report
            }
            throw e instanceof BackupFile.DamagedException d
                    ? new Failure("the backup " + file + " cannot be restored, " + d.getMessage() + "; nothing was written") : e;
        }
    }
}
