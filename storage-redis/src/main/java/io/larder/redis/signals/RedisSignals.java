package io.larder.redis.signals;

import io.larder.Signals;
import io.larder.StorageException;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.Subscriber;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Signals} on Redis: {@code PUBLISH} on the driver's connections, and one subscriber
 * connection for the whole backend, opened with the first subscription, subscribed to each channel
 * while it has a listener. A cluster broadcasts every {@code PUBLISH} to all its nodes, so the
 * one connection hears every channel wherever it was published. Messages are handed from the
 * driver's thread to one delivery thread of this backend, so no listener ever blocks the driver's
 * I/O and one channel's messages keep their order. Thread-safe.
 */
public final class RedisSignals implements Signals {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSignals.class);

    private final RedisDriver driver;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "larder-redis-signals");
        t.setDaemon(true);
        return t;
    });
    private @Nullable Subscriber subscriber;
    private boolean closed;

    /** Signals over {@code driver}; nothing is connected until the first subscription. */
    public RedisSignals(RedisDriver driver) {
        this.driver = driver;
    }

    @Override
    public void publish(String channel, String message) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        driver.publish(utf8(channel), utf8(message));
    }

    @Override
    public synchronized Subscription subscribe(String channel, Consumer<String> listener) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new StorageException("the Redis backend is closed");
        }
        // a distinct entry per subscription, so the same listener subscribed twice is closed once each
        Consumer<String> entry = listener::accept;
        List<Consumer<String>> current = listeners.get(channel);
        if (current != null) {
            current.add(entry); // the channel is subscribed already: in force at once
        } else {
            if (subscriber == null) {
                subscriber = driver.subscriber(this::received);
            }
            subscriber.subscribe(utf8(channel));
            List<Consumer<String>> fresh = new CopyOnWriteArrayList<>();
            fresh.add(entry);
            listeners.put(channel, fresh);
        }
        return () -> unsubscribe(channel, entry);
    }

    /** Closes the subscriber connection and the delivery thread; messages not yet delivered are dropped. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.clear();
        delivery.shutdownNow();
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private synchronized void unsubscribe(String channel, Consumer<String> entry) {
        List<Consumer<String>> current = listeners.get(channel);
        if (current == null || !current.remove(entry) || !current.isEmpty()) {
            return;
        }
        listeners.remove(channel);
        try {
            Objects.requireNonNull(subscriber, "a listener is added after the subscriber").unsubscribe(utf8(channel));
        } catch (RuntimeException e) {
            // whatever still arrives on the channel finds no listener and is dropped
            LOG.debug("unsubscribing from {} failed: {}", channel, e.toString());
        }
    }

    /** On the driver's thread: hand the message on, never run a listener here. */
    private void received(byte[] channel, byte[] message) {
        String name = new String(channel, StandardCharsets.UTF_8);
        String text = new String(message, StandardCharsets.UTF_8);
        try {
            delivery.execute(() -> deliver(name, text));
        } catch (RejectedExecutionException e) {
            // closed: nobody listens any more
        }
    }

    private void deliver(String channel, String message) {
        List<Consumer<String>> current = listeners.get(channel);
        if (current == null) {
            return;
        }
        for (Consumer<String> l : current) {
            try {
                l.accept(message);
            } catch (RuntimeException e) {
                // one listener's failure must not cost the others their message
                LOG.warn("a listener of signal channel {} failed: {}", channel, e.toString());
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
