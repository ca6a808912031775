package io.larder.cli;

import io.larder.Layout;
import io.larder.Query;
import io.larder.Storage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies every record of one store into another in constant memory: a lazy {@link Storage#scan}
 * of the source, {@link Storage#saveAll} in batches into the target (an upsert, so a copy run
 * again converges), then a count of the target. Records are copied as they are stored, soft-deleted
 * ones included; expired ones are not seen. Into a partitioned store of the archive layout the
 * copy goes partition by partition, oldest first (a first walk collects the partitions; memory
 * grows with their number, not with the records'): an archive packs records in time order, and
 * a source walked in key order would make nearly every write a late one, rewriting a sealed
 * chunk. Stateless.
 */
final class StoreCopy {
    private StoreCopy() {
    }

    /**
     * What a copy did.
     *
     * @param store the store's name
     * @param source records read from the source
     * @param target records the target holds afterwards
     * @param took the time the copy and the count took
     */
    record Result(String store, long source, long target, Duration took) {
        boolean matches() {
            return source == target;
        }
    }

    static <T> Result copy(String name, Storage<T> from, Storage<T> to, int batch, PrintWriter err) {
        long copied = 0;
        Duration took;
        try (Progress progress = Progress.start(err, "copying " + name, "records")) {
            Optional<String> partitionField = from.spec().partitionField();
            if (to.spec().layout() == Layout.ARCHIVE && partitionField.isPresent()) {
                for (String partition : partitions(from, batch)) {
                    try (Stream<T> records = from.scan(Query.in(partitionField.get(), partition).oldestFirst().limit(batch))) {
                        copied = copy(records, to, batch, copied, progress);
                    }
                }
            } else {
                try (Stream<T> all = from.scan(Query.all().limit(batch))) {
                    copied = copy(all, to, batch, copied, progress);
                }
            }
            took = progress.elapsed();
        }
        return new Result(name, copied, count(to), took);
    }

    /** Saves {@code records} into {@code to} in batches; returns {@code copied} plus how many it saved. */
    private static <T> long copy(Stream<T> records, Storage<T> to, int batch, long copied, Progress progress) {
        List<T> pending = new ArrayList<>(batch);
        for (Iterator<T> it = records.iterator(); it.hasNext(); ) {
            pending.add(it.next());
            if (pending.size() == batch) {
                to.saveAll(pending);
                copied += pending.size();
                pending.clear();
                progress.update(copied, Double.NaN);
            }
        }
        if (!pending.isEmpty()) {
            to.saveAll(pending);
            copied += pending.size();
            progress.update(copied, Double.NaN);
        }
        return copied;
    }

    /** Every partition of a partitioned store, in the order a walk meets them. */
    private static <T> Set<String> partitions(Storage<T> store, int batch) {
        Set<String> out = new LinkedHashSet<>();
        try (Stream<T> all = store.scan(Query.all().limit(batch))) {
            all.forEach(r -> out.add(store.keyOf(r).partition()));
        }
        return out;
    }

    static long count(Storage<?> store) {
        try (Stream<?> all = store.scan(Query.all().limit(Query.MAX_LIMIT))) {
            return all.count();
        }
    }
}
