package io.larder.spi;

import io.larder.Query;
import org.jspecify.annotations.Nullable;

/**
 * A range read on one time-ordered index: the partition's timeline, or the index of one
 * field value within it. Answered in O(log n + limit).
 *
 * @param partition the partition, or {@code null} for an unpartitioned store
 * @param term the indexed field value, or {@code null} for the timeline of every record
 * @param fromMillis the range's start, inclusive
 * @param toMillis the range's end, exclusive
 * @param descending whether newest come first
 * @param after continue strictly after this position in the range's order, or {@code null} to start at the edge
 * @param limit the most entries to return
 */
public record RangeRequest(@Nullable String partition, Query.@Nullable Term term, long fromMillis, long toMillis,
                           boolean descending, @Nullable Position after, int limit) {
    /** Refuses a non-positive limit. */
    public RangeRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }
}
