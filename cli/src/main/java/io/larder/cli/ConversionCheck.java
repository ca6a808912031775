package io.larder.cli;

import io.larder.BackendSettings;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.StoreSpec;
import io.larder.config.LarderSettings;
import io.larder.config.LarderYaml;
import io.larder.memory.MemorySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts a backup's records as a restore's target will (id, partition, time, expiry, index
 * values, encoding, size limit: the steps of {@link Storage#saveAll} itself) and stores none of
 * them, so that a record the target would refuse is found before anything is written. Each store
 * is opened as {@link StoreSelection#open} opens it, on an in-memory Larder with the target's
 * declarations and defaults, through a view whose every write has already expired: the storage
 * converts each record, then removes its key, which is not there. Memory stays constant however
 * large the backup. Not thread-safe; one per check.
 */
@SuppressWarnings("rawtypes")                       // records are restored as the maps the backup holds
final class ConversionCheck implements AutoCloseable {
    // a deadline already past: writes through the view convert the record, then store it as expired, that is absent
    private static final Instant PAST = Instant.ofEpochMilli(1);

    private final Larder larder;
    private final LarderSettings target;
    private final int batch;
    private final List<Map> pending;
    private @Nullable Storage<Map> store;
    private long firstLine;                        // the line of the first pending record

    /** A check for a restore into {@code target}, converting {@code batch} records at a time, as the restore writes them. */
    ConversionCheck(LarderSettings target, int batch) {
        MemorySettings memory = MemorySettings.builder().snapshot(MemorySettings.Snapshot.none()).build();
        // the target's durability is left out: it speaks of replicas the memory backend does not have
        this.larder = LarderYaml.open(target.withBackend(BackendSettings.builder().adapter(memory)
                .sweepInterval(Duration.ZERO).build()));
        this.target = target;
        this.batch = batch;
        this.pending = new ArrayList<>(batch);
    }

    /**
     * The records that follow, up to {@link #end()}, are of this store.
     *
     * @param line the line declaring it, named when the target cannot open it
     * @throws BackupFile.DamagedException when the target cannot open the store as the backup declares it
     */
    void begin(StoreSpec<Map> spec, long line) {
        try {
            store = StoreSelection.open(larder, target, spec).expiringBy(PAST);
        } catch (StorageException | IllegalArgumentException e) {
            throw new BackupFile.DamagedException(line, "store " + spec.name() + " cannot be opened on the target: "
                    + e.getMessage());
        }
    }

    /**
     * A record of the store begun last, read from {@code line}.
     *
     * @throws BackupFile.DamagedException naming the line and the store when the target cannot store a record
     */
    void record(Map fields, long line) {
        if (store == null) {
            return;                                 // a store the restore leaves out
        }
        if (pending.isEmpty()) {
            firstLine = line;
        }
        pending.add(fields);
        if (pending.size() == batch) {
            convert();
        }
    }

    /** The store begun last ends. */
    void end() {
        if (store != null) {
            convert();
        }
        store = null;
    }

    private void convert() {
        Storage<Map> s = store;
        if (s == null || pending.isEmpty()) {
            return;
        }
        try {
            s.saveAll(pending);
        } catch (StorageException | IllegalArgumentException batchRefused) {
            // the batch names no record: convert them one by one to name the line
            for (int i = 0; i < pending.size(); i++) {
                try {
                    s.save(pending.get(i));
                } catch (StorageException | IllegalArgumentException e) {
                    throw refused(firstLine + i, s, e);
                }
            }
            throw refused(firstLine, s, batchRefused);
        } finally {
            pending.clear();
        }
    }

    private static BackupFile.DamagedException refused(long line, Storage<Map> s, RuntimeException e) {
        return new BackupFile.DamagedException(line, "a record of store " + s.spec().name() + " cannot be stored: "
                + FailureHandler.withRootCause(e));
    }

    @Override
    public void close() {
        larder.close();
    }
}
