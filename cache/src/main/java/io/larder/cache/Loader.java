package io.larder.cache;

import io.larder.Key;
import java.util.Optional;

/**
 * Reads one record from the source of truth (a database row, say), with the version the source
 * holds it at. Called by {@link CachedStore} on a miss, and for every read while the cache is
 * unavailable. Must be thread-safe; it may block.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface Loader<T> {

    /**
     * The record {@code key} names, or empty when the source has none.
     *
     * @throws Exception when the source fails: nothing is cached, and the caller of
     *     {@link CachedStore#get} gets it (a checked one wrapped in a {@link io.larder.StorageException})
     */
    Optional<T> load(Key key) throws Exception;
}
