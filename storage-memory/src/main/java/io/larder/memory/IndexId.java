package io.larder.memory;

import io.larder.Query;
import org.jspecify.annotations.Nullable;

/**
 * Names one time-ordered index of a store: a partition's timeline, or the index of one field
 * value within it.
 *
 * @param partition the partition, or {@code null} in an unpartitioned store
 * @param term the field value, or {@code null} for the timeline of every record
 */
record IndexId(@Nullable String partition, Query.@Nullable Term term) {
    static IndexId timeline(@Nullable String partition) {
        return new IndexId(partition, null);
    }
}
