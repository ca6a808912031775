package io.larder.redis.internal;

/**
 * A connection of its own in subscriber mode ({@code SUBSCRIBE}), as a driver edge gives it: it
 * hands every message to the handler it was made with, on a thread of the driver's, and after a
 * lost connection it connects again and subscribes again to every channel it had (messages
 * published meanwhile are lost). Thread-safe.
 */
public interface Subscriber extends AutoCloseable {

    /**
     * Adds {@code channel}; returns once the server confirmed it, so a message published after
     * this returns is delivered.
     *
     * @throws io.larder.StorageUnavailableException when the server does not confirm within the command timeout
     */
    void subscribe(byte[] channel);

    /** Drops {@code channel}; messages already on their way may still arrive. */
    void unsubscribe(byte[] channel);

    /** Closes the connection; idempotent. */
    @Override
    void close();
}
