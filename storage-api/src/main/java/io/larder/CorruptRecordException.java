package io.larder;

import org.jspecify.annotations.Nullable;

/**
 * Stored bytes could not be decoded: unknown format, damaged frame, wrong type under the key.
 * Names where the bytes are ({@link #location()}), not a record's {@link Key}: one damaged chunk of
 * an archive holds many records.
 */
public class CorruptRecordException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final String location;

    /** A corrupt value stored at {@code location} (the backend's key, as a reader would find it). */
    public CorruptRecordException(String location, String reason, @Nullable Throwable cause) {
        super("corrupt record at key '" + location + "': " + reason, cause);
        this.location = location;
    }

    /** A corrupt value stored at {@code location}. */
    public CorruptRecordException(String location, String reason) {
        this(location, reason, null);
    }

    /** Where the damaged bytes are: the backend's key ({@code larder:notes:{p}:r:n1}), or the memory store's record. */
    public String location() {
        return location;
    }
}
