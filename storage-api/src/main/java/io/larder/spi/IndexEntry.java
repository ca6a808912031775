package io.larder.spi;

import io.larder.Key;
import io.larder.Query;
import io.larder.Version;

/**
 * An index entry the core found stale: the index of {@code term} lists {@code key} at
 * {@code time}, but the record, as stored at {@code version}, does not have that value.
 * The adapter removes the entry only while the record is gone or still at that version, so
 * a save that made the entry valid again in the meantime keeps it.
 *
 * @param key the record's key
 * @param term the field value whose index lists it
 * @param time the entry's time, so a sorted index finds it in O(log n)
 * @param version the version of the value the core read
 */
public record IndexEntry(Key key, Query.Term term, long time, Version version) {

    /** The entry's index position. */
    public Position position() {
        return new Position(time, key.id());
    }
}
