package io.larder;

import java.util.function.Consumer;

/**
 * Notices between the processes that share a backend: a message published on a channel reaches
 * every listener subscribed to that channel at that moment, in this process or another. Delivery
 * is at most once and not guaranteed (a listener whose connection drops misses what is published
 * meanwhile), so a signal says "look now", never what the state is: a listener reads the state it
 * cares about after a signal, and once more after waiting in vain. Messages of one publisher on
 * one channel arrive in the order they were published. Obtained from {@link Larder#signals()};
 * thread-safe.
 *
 * <pre>{@code
 * try (Signals.Subscription s = larder.signals().subscribe("tasks:42", m -> wake())) {
 *     ... // read the state, then wait for wake()
 * }
 * larder.signals().publish("tasks:42", "completed");   // elsewhere
 * }</pre>
 */
public interface Signals {

    /**
     * Sends {@code message} to every listener now subscribed to {@code channel}, and returns
     * without waiting for them.
     *
     * @throws StorageUnavailableException when the backend cannot be reached
     */
    void publish(String channel, String message);

    /**
     * Calls {@code listener} with each message published on {@code channel} from now on, on a
     * thread of the backend (one thread for all listeners: a listener that blocks delays the others).
     * Returns once the subscription is in force: a message published after it returns is delivered.
     * A listener that throws is logged and keeps its subscription.
     *
     * @throws StorageUnavailableException when the backend cannot be reached
     */
    Subscription subscribe(String channel, Consumer<String> listener);

    /** One listener's subscription; closing it stops the deliveries to that listener. */
    interface Subscription extends AutoCloseable {

        /** Stops delivering to the listener; idempotent. */
        @Override
        void close();
    }
}
