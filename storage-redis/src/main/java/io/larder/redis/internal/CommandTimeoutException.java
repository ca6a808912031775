package io.larder.redis.internal;

import io.larder.StorageUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * A command got no answer within the command timeout. The adapter retries idempotent work
 * once when {@code retryOnTimeout} is set; callers see a {@link StorageUnavailableException}
 * naming the node that stayed silent.
 */
public final class CommandTimeoutException extends StorageUnavailableException {
    private static final long serialVersionUID = 1L;

    /** A timeout of {@code server} (see {@link StorageUnavailableException#server()}), with the driver's cause. */
    public CommandTimeoutException(String server, String message, @Nullable Throwable cause) {
        super(server, message, cause);
    }
}
