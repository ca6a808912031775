package io.larder.memory;

import io.larder.Key;
import io.larder.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start finds on disk: the snapshot, and every log generation it does not hold replayed
 * over it in order. Logs the snapshot holds are removed (a crash between the snapshot's rename
 * and their removal leaves them). A torn record at the end of the newest log, the write a crash
 * cut, is dropped with a warning and cut off the file; damage anywhere else stops the start, the
 * files left as they are, because the records after it were acknowledged. Stateless.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /**
     * The state to start from.
     *
     * @param stores every store, snapshot and logs together
     * @param nextGeneration the generation to append to now
     * @param replayed how many changes the logs held
     * @param logs how many log files were replayed
     */
    record Recovered(Map<String, StoreImage> stores, long nextGeneration, long replayed, int logs) {
    }

    private Recovery() {
    }

    static Recovered run(SnapshotFile snapshot, LogFiles files) {
        SnapshotFormat.Contents contents = snapshot.read();
        long first = contents.logGeneration();
        Replay replay = new Replay(contents.stores());
        NavigableMap<Long, Path> logs;
        try {
            files.deleteBefore(first);
            logs = files.list().tailMap(first, true);
        } catch (IOException e) {
            throw new StorageException("memory snapshot " + snapshot.path() + ": its log files cannot be listed: " + e, e);
        }
        long expected = first;
        for (Map.Entry<Long, Path> log : logs.entrySet()) {
            if (log.getKey() != expected) {
                throw new StorageException("memory log " + files.path(expected) + " is missing: the snapshot "
                        + snapshot.path() + " and " + log.getValue() + " need it, since every generation from "
                        + first + " on holds acknowledged writes. The files were left as they are: restore the"
                        + " missing one, or move the logs after it away to start from what precedes it");
            }
            replayOne(log.getValue(), log.getKey(), log.getKey().equals(logs.lastKey()), replay);
            expected++;
        }
        return new Recovered(replay.images(), logs.isEmpty() ? first : logs.lastKey() + 1, replay.changes, logs.size());
    }

    private static void replayOne(Path path, long generation, boolean newest, Replay replay) {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            LogReader.Read read = LogReader.read(file, replay::apply);
            if (read.generation() >= 0 && read.generation() != generation) {
                throw new StorageException("memory log " + path + " names generation " + read.generation()
                        + " in its header; it was renamed or copied over another: the files were left as they are");
            }
            if (!read.damaged()) {
                return;
            }
            if (!newest || read.nextWhole() >= 0) {
                throw new StorageException("memory log " + path + " is damaged at offset " + read.end() + ": "
                        + read.problem() + "; " + (read.nextWhole() >= 0 ? "whole records follow at offset "
                        + read.nextWhole() : "later logs follow it, so no crash can have cut it") + ". Those records were"
                        + " acknowledged, so the start stops rather than drop them. The files were left as they are:"
                        + " restore the log from a copy, or cut it to " + read.end() + " bytes to start without them");
            }
            long dropped = file.size() - read.end();
            LOG.warn("memory log {} ends in a torn record at offset {} ({}): dropping its last {} bytes, a write the"
                    + " crash cut before it was acknowledged", path, read.end(), read.problem(), dropped);
            if (read.generation() < 0) {
                file.close();
                Files.delete(path);                  // its header was cut while it was made: it never held a record
            } else {
                file.truncate(read.end());
                file.force(true);
            }
        } catch (IOException e) {
            throw new StorageException("memory log " + path + " cannot be read: " + e, e);
        }
    }

    /** The stores as changes arrive: a store's snapshot records are copied into a map on its first change. */
    private static final class Replay {
        private final Map<String, StoreImage> images;
        private final Map<String, Changing> changing = new LinkedHashMap<>();
        private long changes;

        Replay(Map<String, StoreImage> snapshot) {
            this.images = new LinkedHashMap<>(snapshot);
        }

        void apply(LogFormat.Change change) {
            changes++;
            Changing store = changing.computeIfAbsent(change.store(), this::fromSnapshot);
            if (change instanceof LogFormat.Declared d) {
                store.partitioned = d.partitioned();
                store.indexes = d.indexes();
            } else if (change instanceof LogFormat.Put p) {
                store.records.put(p.key(), p.entry());
            } else if (change instanceof LogFormat.Delete d) {
                store.records.remove(d.key());
            } else if (change instanceof LogFormat.Touch t) {
                store.records.computeIfPresent(t.key(), (k, e) -> e.withExpireAt(t.expireAt()));
            }
        }

        private Changing fromSnapshot(String name) {
            StoreImage image = images.get(name);
            Changing store = new Changing();
            if (image != null) {
                store.partitioned = image.partitioned();
                store.indexes = image.indexes();
                image.records().forEach(en -> store.records.put(en.getKey(), en.getValue()));
            }
            return store;
        }

        Map<String, StoreImage> images() {
            changing.forEach((name, s) -> images.put(name, new StoreImage(name, s.partitioned, s.indexes,
                    s.records.entrySet())));
            return images;
        }
    }

    /** One store's records while changes are replayed over it; its shape is the latest declared. */
    private static final class Changing {
        private final Map<Key, Entry> records = new LinkedHashMap<>();
        private boolean partitioned;
        private List<String> indexes = List.of();
    }
}
