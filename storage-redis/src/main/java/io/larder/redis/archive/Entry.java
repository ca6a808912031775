package io.larder.redis.archive;

import io.larder.Query;
import java.util.Comparator;
import java.util.List;

/**
 * One record of the archive, its bytes copied out of the chunk or tail entry that held it.
 *
 * @param id its id
 * @param time its time, epoch ms
 * @param terms its indexed field values
 * @param value its stored bytes (the value frame)
 */
record Entry(String id, long time, List<Query.Term> terms, byte[] value) {
    /** Orders records as every index does: time, then id. */
    static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::time).thenComparing(Entry::id);
}
