package io.larder.spi;

import io.larder.Key;
import io.larder.Query;

/**
 * An index entry the core found stale: the index of {@code term} lists {@code key} at
 * {@code time}, but the record no longer has that value. The adapter removes it.
 *
 * @param key the record's key
 * @param term the field value whose index lists it
 * @param time the entry's time, so a sorted index finds it in O(log n)
 */
public record IndexEntry(Key key, Query.Term term, long time) {

    /** The entry's index position. */
    public Position position() {
        return new Position(time, key.id());
    }
}
