package io.larder;

/**
 * The backend could not be reached or did not answer in time: connection lost, timeout,
 * failover in progress. The operation may be retried; a write that raised it may or may not
 * have been applied.
 */
public class StorageUnavailableException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** An unavailable backend, with the driver's cause. */
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An unavailable backend. */
    public StorageUnavailableException(String message) {
        super(message);
    }
}
