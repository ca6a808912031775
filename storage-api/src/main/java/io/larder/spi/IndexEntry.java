package io.larder.spi;

import io.larder.Key;
import io.larder.Query;

/**
 * An index entry the core found stale: the index of {@code term} lists {@code key}, but the
 * record no longer has that value. The adapter removes it.
 *
 * @param key the record's key
 * @param term the field value whose index lists it
 */
public record IndexEntry(Key key, Query.Term term) {
}
