package io.larder.memory;

import io.larder.Signals;
import io.larder.StorageException;
import java.util.List;
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
 * Signals within one process: a message goes to the listeners subscribed when it is published,
 * delivered on one thread of this backend, as a Redis subscriber connection delivers, so a
 * publisher never runs a listener itself and one channel's messages keep their order. The thread
 * starts with the first subscription. Thread-safe.
 */
final class MemorySignals implements Signals {
    private static final Logger LOG = LoggerFactory.getLogger(MemorySignals.class);

    private final ConcurrentHashMap<String, CopyOnWriteArrayList<Consumer<String>>> channels = new ConcurrentHashMap<>();
    private final Runnable openCheck;
    private volatile @Nullable ExecutorService delivery;

    MemorySignals(Runnable openCheck) {
        this.openCheck = openCheck;
    }

    @Override
    public void publish(String channel, String message) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        openCheck.run();
        List<Consumer<String>> listeners = channels.get(channel);
        if (listeners == null || listeners.isEmpty()) {
            return;
        }
        // the listeners of this moment: one subscribed later does not get this message
        List<Consumer<String>> now = List.copyOf(listeners);
        try {
            delivery().execute(() -> now.forEach(l -> deliver(channel, l, message)));
        } catch (RejectedExecutionException e) {
            throw new StorageException("the memory backend is closed");
        }
    }

    @Override
    public Subscription subscribe(String channel, Consumer<String> listener) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(listener, "listener");
        openCheck.run();
        // a distinct wrapper per subscription, so the same listener subscribed twice is closed once each
        Consumer<String> entry = listener::accept;
        channels.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(entry);
        return () -> channels.computeIfPresent(channel, (c, listeners) -> {
            listeners.remove(entry);
            return listeners.isEmpty() ? null : listeners;
        });
    }

    /** Stops delivering; messages not yet delivered are dropped, as a closed connection drops them. */
    void close() {
        ExecutorService d = delivery;
        if (d != null) {
            d.shutdownNow();
        }
        channels.clear();
    }

    private ExecutorService delivery() {
        ExecutorService d = delivery;
        if (d == null) {
            synchronized (this) {
                d = delivery;
                if (d == null) {
                    d = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "larder-memory-signals");
                        t.setDaemon(true);
                        return t;
                    });
                    delivery = d;
                }
            }
        }
        return d;
    }

    private static void deliver(String channel, Consumer<String> listener, String message) {
        try {
            listener.accept(message);
        } catch (RuntimeException e) {
            // one listener's failure must not cost the others their message
            LOG.warn("a listener of signal channel {} failed: {}", channel, e.toString());
        }
    }
}
