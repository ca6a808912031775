package io.larder;

/** A record's encoded value exceeds the store's size limit; nothing was written. */
public class RecordTooLargeException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final long size;
    private final long limit;

    /** A value of {@code size} bytes for {@code key} refused against {@code limit}. */
    public RecordTooLargeException(String key, long size, long limit) {
        super("record '" + key + "' encodes to " + size + " bytes, over the limit of " + limit + " bytes");
        this.key = key;
        this.size = size;
        this.limit = limit;
    }

    /** The record's key. */
    public String key() {
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
