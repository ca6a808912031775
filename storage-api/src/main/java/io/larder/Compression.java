package io.larder;

/** How a value above the store's threshold is compressed. */
public enum Compression {
    /** Never compressed. */
    NONE,
    /** LZ4 block compression: fast, modest ratio. */
    LZ4,
    /** gzip: slower, better ratio. */
    GZIP
}
