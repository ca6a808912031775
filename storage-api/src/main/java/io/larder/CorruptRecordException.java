package io.larder;

/** Stored bytes could not be decoded: unknown format, damaged frame, wrong type under the key. */
public class CorruptRecordException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final String key;

    /** A corrupt value stored under {@code key} (the backend's key, as a reader would find it). */
    public CorruptRecordException(String key, String reason, Throwable cause) {
        super("corrupt record at key '" + key + "': " + reason, cause);
        this.key = key;
    }

    /** A corrupt value stored under {@code key}. */
    public CorruptRecordException(String key, String reason) {
        this(key, reason, null);
    }

    /** The key whose value is damaged. */
    public String key() {
        return key;
    }
}
