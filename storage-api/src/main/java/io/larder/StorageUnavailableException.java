package io.larder;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The backend could not be reached or did not answer in time: connection lost, timeout,
 * failover in progress. The operation may be retried; a write that raised it may or may not
 * have been applied. Where a server was involved, {@link #server()} names it, so an operator
 * knows which node to look at without parsing the message.
 */
public class StorageUnavailableException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final @Nullable String server;

    /**
     * An unavailable {@code server}: {@code host:port} of the node the adapter was talking to, or
     * a description where no single node is known ({@code sentinel master 'mymaster'},
     * {@code cluster 127.0.0.1:7000,127.0.0.1:7001}). Never holds a password.
     */
    public StorageUnavailableException(String server, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.server = Objects.requireNonNull(server, "server");
    }

    /** An unavailable backend without a server to name, with the driver's cause. */
    public StorageUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
        this.server = null;
    }

    /** An unavailable backend without a server to name. */
    public StorageUnavailableException(String message) {
        super(message);
        this.server = null;
    }

    /**
     * The server or node that could not serve ({@code 127.0.0.1:6379}), or a description of the
     * group where no single node was at fault. Empty where no server is involved: the memory
     * backend's snapshot lock, an outage a test imposes, and an {@link UnconfirmedWriteException},
     * which names where the write reached in {@link UnconfirmedWriteException#node()} instead.
     */
    public Optional<String> server() {
        return Optional.ofNullable(server);
    }
}
