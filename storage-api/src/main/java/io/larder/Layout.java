package io.larder;

/** How a store's records lie in the backend. The port behaves the same for both. */
public enum Layout {
    /** A value per record plus time-ordered indexes: per-record expiry, any update pattern. */
    RECORDS,
    /** Sealed, compressed chunks per partition: append-mostly, time-ordered history. */
    ARCHIVE
}
