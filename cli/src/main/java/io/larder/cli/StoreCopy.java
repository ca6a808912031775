package io.larder.cli;

import io.larder.Query;
import io.larder.Storage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies every record of one store into another in constant memory: a lazy {@link Storage#scan}
 * of the source, {@link Storage#saveAll} in batches into the target (an upsert, so a copy run
 * again converges), then a count of the target. Records are copied as they are stored, soft-deleted
 * ones included; expired ones are not seen. Stateless.
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
        try (Progress progress = Progress.start(err, "copying " + name, "records");
             Stream<T> all = from.scan(Query.all().limit(batch))) {
            List<T> pending = new ArrayList<>(batch);
            for (Iterator<T> it = all.iterator(); it.hasNext(); ) {
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
            took = progress.elapsed();
        }
        return new Result(name, copied, count(to), took);
    }

    static long count(Storage<?> store) {
        try (Stream<?> all = store.scan(Query.all().limit(Query.MAX_LIMIT))) {
            return all.count();
        }
    }
}
