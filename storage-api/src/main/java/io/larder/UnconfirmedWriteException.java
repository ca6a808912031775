package io.larder;

/**
 * A write reached the node that took it (the Redis master, the memory adapter's log) but was not
 * confirmed as the store's {@link Durability} asks within its timeout: no replica or disk
 * confirmed it, so a failover or crash may still lose it. Retryable: saving the same record
 * again is safe, since a save is an upsert. A conditional save that raised it may have been
 * applied, so its retry may see a {@link ConflictException} against its own write.
 */
public class UnconfirmedWriteException extends StorageUnavailableException {
    private static final long serialVersionUID = 1L;
    private final String node;

    /** An unconfirmed write on {@code node} (a server address or a file), with what was missing. */
    public UnconfirmedWriteException(String node, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
    }

    /** An unconfirmed write on {@code node}, with what was missing. */
    public UnconfirmedWriteException(String node, String message) {
        super(message);
        this.node = node;
    }

    /** Where the write reached: a server's {@code host:port}, or the memory adapter's log file. */
    public String node() {
        return node;
    }
}
