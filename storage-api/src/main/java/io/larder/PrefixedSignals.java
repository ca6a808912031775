package io.larder;

import io.larder.spi.Backend;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A Larder's view of its backend's signals: channel names get the key prefix in front, so Larders
 * sharing a server under different prefixes never hear each other, and nothing goes through after
 * the Larder closed. Thread-safe.
 */
final class PrefixedSignals implements Signals {
    private final Backend backend;
    private final String prefix;
    private final Runnable openCheck;

    PrefixedSignals(Backend backend, String prefix, Runnable openCheck) {
        this.backend = backend;
        this.prefix = prefix;
        this.openCheck = openCheck;
    }

    @Override
    public void publish(String channel, String message) {
        Objects.requireNonNull(message, "message");
        openCheck.run();
        backend.signals().publish(prefix + requireChannel(channel), message);
    }

    @Override
    public Subscription subscribe(String channel, Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        openCheck.run();
        return backend.signals().subscribe(prefix + requireChannel(channel), listener);
    }

    private static String requireChannel(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (channel.isEmpty()) {
            throw new IllegalArgumentException("a channel name must not be empty");
        }
        return channel;
    }
}
