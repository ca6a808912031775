package io.larder.cache;

/**
 * Writes one record to the source of truth, where {@link CachedStore#put} sends it before it
 * touches the cache. Must be thread-safe; it may block.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface Writer<T> {

    /**
     * Stores {@code record} in the source and returns it as the source now holds it: with the
     * version the source gave it, when the source assigns versions.
     *
     * @throws Exception when the source refuses or fails (an optimistic-lock conflict, say): the
     *     cache is left as it was, and the caller of {@link CachedStore#put} gets it (a checked one
     *     wrapped in a {@link io.larder.StorageException})
     */
    T write(T record) throws Exception;
}
