package io.larder;

/** How a store's records lie in the backend. The port behaves the same for all, except where a layout says otherwise. */
public enum Layout {
    /** A value per record plus time-ordered indexes: per-record expiry, any update pattern. */
    RECORDS,
    /** Sealed, compressed chunks per partition: append-mostly, time-ordered history. */
    ARCHIVE,
    /**
     * A value per record and nothing else: save, load, delete, expiry and scan, at the cost of a
     * plain {@code SET} and {@code GET}. No time field, index or retention; {@code list} is
     * refused (there is no order to list by). For sessions, caches, rate limits: records found by key.
     */
    VALUES
}
