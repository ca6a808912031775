package io.larder;

/** The format a record is written in. The stored value names it, so records stay readable when it changes. */
public enum Codec {
    /** Jackson JSON; uncompressed, it is stored as a plain JSON document. */
    JSON,
    /** MessagePack through Jackson. */
    MSGPACK
}
