package io.larder.redis.internal;

import io.larder.StorageUnavailableException;

/**
 * A command got no answer within the command timeout. The adapter retries idempotent work
 * once when {@code retryOnTimeout} is set; callers see a {@link StorageUnavailableException}.
 */
public final class CommandTimeoutException extends StorageUnavailableException {
    private static final long serialVersionUID = 1L;

    /** A timeout, with the driver's cause. */
    public CommandTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
