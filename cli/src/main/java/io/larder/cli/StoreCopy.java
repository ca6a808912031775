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
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Copies every record of one store into another in constant memory: a lazy {@link Storage#scan}
 * of the source ({@link #walk}, which backups use too), {@link Storage#saveAll} in batches into
 * the target (an upsert, so a copy run again converges), then a count of the target. Records are copied as they are stored, soft-deleted
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
        long copied;
        Duration took;
        try (Progress progress = Progress.start(err, "copying " + name, "records")) {
            copied = walk(from, to.spec().layout() == Layout.ARCHIVE, batch, progress, to::saveAll);
            took = progress.elapsed();
        }
        return new Result(name, copied, count(to), took);
    }

    /**
     * Hands every record of {@code from} to {@code sink}, {@code batch} at a time, and returns how
     * many: partition by partition, oldest first, when {@code inTimeOrder} and the store is
     * partitioned (what an archive layout wants to be written in), else in the store's own walk.
     */
    static <T> long walk(Storage<T> from, boolean inTimeOrder, int batch, Progress progress, Consumer<List<T>> sink) {
        Optional<String> partitionField = from.spec().partitionField();
        long done = 0;
        if (inTimeOrder && partitionField.isPresent()) {
            for (String partition : partitions(from, batch)) {
                try (Stream<T> records = from.scan(Query.in(partitionField.get(), partition).oldestFirst().limit(batch))) {
                    done = batches(records, batch, done, progress, sink);
                }
            }
        } else {
            try (Stream<T> all = from.scan(Query.all().limit(batch))) {
                done = batches(all, batch, done, progress, sink);
            }
        }
        return done;
    }

    /** Hands {@code records} to {@code sink} in batches; returns {@code done} plus how many it handed. */
    private static <T> long batches(Stream<T> records, int batch, long done, Progress progress, Consumer<List<T>> sink) {
        List<T> pending = new ArrayList<>(batch);
        for (Iterator<T> it = records.iterator(); it.hasNext(); ) {
            pending.add(it.next());
            if (pending.size() == batch) {
                sink.accept(pending);
                done += pending.size();
                pending.clear();
                progress.update(done, Double.NaN);
            }
        }
        if (!pending.isEmpty()) {
            sink.accept(pending);
            done += pending.size();
            progress.update(done, Double.NaN);
        }
        return done;
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
