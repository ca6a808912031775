package io.larder;

import org.jspecify.annotations.Nullable;

/** The one unchecked root of every error Larder raises; subclasses exist where a caller reacts differently. */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message that says what went wrong and, where known, the key. */
    public StorageException(String message) {
        super(message);
    }

    /** An error caused by another, typically a driver exception translated at the adapter edge. */
    public StorageException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
