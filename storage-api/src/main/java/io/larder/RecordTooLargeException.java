package io.larder;

import org.jspecify.annotations.Nullable;

/** A record's encoded value exceeds the store's size limit; nothing was written. */
public class RecordTooLargeException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final @Nullable Key key;
    private final long size;
    private final long limit;

    /** The value of record {@code key} in store {@code store}, {@code size} bytes, refused against {@code limit}. */
    public RecordTooLargeException(String store, Key key, long size, long limit) {
        super("record " + key + " of store '" + store + "' encodes to " + size + " bytes, over the limit of " + limit
                + " bytes");
        this.key = key;
        this.size = size;
        this.limit = limit;
    }

    /**
     * A value refused before its record's key is known (by a codec): {@code what} says what it was,
     * {@code a Note} for instance. A store raises it again with the key.
     */
    public RecordTooLargeException(String what, long size, long limit) {
        super(what + " encodes to " + size + " bytes, over the limit of " + limit + " bytes");
        this.key = null;
        this.size = size;
        this.limit = limit;
    }

    /** The record's key, as in {@link ConflictException#key()}; {@code null} when raised by a codec outside a store. */
    public @Nullable Key key() {
        return key;
    }

    /** The encoded size in bytes. */
    public long size() {
        return size;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }
}
