package io.larder.redis.jedis;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.Subscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;

/**
 * A subscriber on Jedis: one thread blocked reading one connection in subscriber mode (Jedis
 * lifts the read timeout while subscribed), channels added and dropped from other threads. Its
 * own channel, subscribed last on every connection, keeps the connection subscribed while it has
 * no other and tells when a new connection has all its channels. A lost connection is made again
 * after a growing pause (at most five seconds), with every channel. Not API: public so the
 * cluster adapter subscribes to a node the way this one does. Thread-safe.
 */
public final class JedisSubscriber implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(JedisSubscriber.class);
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    /** Subscribes a pubsub to channels on a connection it takes, and returns only when the subscription ends. */
    @FunctionalInterface
    public interface Session {
        /** Runs {@code pubsub} on a connection, subscribed to {@code channels}, until it ends or the connection is lost. */
        void run(BinaryJedisPubSub pubsub, byte[][] channels);
    }

    private final Session session;
    private final BiConsumer<byte[], byte[]> messages;
    private final JedisExceptionTranslator errors;
    private final long timeoutMillis;
    private final byte[] own = ("larder:subscriber:" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    private final Set<ByteBuffer> wanted = ConcurrentHashMap.newKeySet();
    private final Thread reader;
    private volatile @Nullable Link link;
    private volatile boolean closed;

    private JedisSubscriber(Session session, BiConsumer<byte[], byte[]> messages, JedisExceptionTranslator errors,
                            Duration timeout) {
        this.session = session;
        this.messages = messages;
        this.errors = errors;
        this.timeoutMillis = timeout.toMillis();
        this.reader = new Thread(this::read, "larder-redis-subscriber");
        reader.setDaemon(true);
    }

    /**
     * A subscriber whose connections {@code session} makes, connected now.
     *
     * @throws StorageUnavailableException when no connection subscribes within {@code timeout}
     */
    public static JedisSubscriber open(Session session, BiConsumer<byte[], byte[]> messages, JedisExceptionTranslator errors,
                                       Duration timeout) {
        JedisSubscriber s = new JedisSubscriber(session, messages, errors, timeout);
        s.reader.start();
        try {
            s.ready();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public synchronized void subscribe(byte[] channel) {
        wanted.add(ByteBuffer.wrap(channel.clone()));
        Link l = ready();
        CountDownLatch confirmed = new CountDownLatch(1);
        l.confirmations.put(ByteBuffer.wrap(channel), confirmed);
        try {
            l.subscribe(channel);
            if (!confirmed.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new StorageUnavailableException(errors.replies().node(), "Redis at " + errors.replies().server()
                        + " did not confirm a subscription within " + timeoutMillis + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            wanted.remove(ByteBuffer.wrap(channel));
            throw new StorageException("interrupted while subscribing");
        } catch (RuntimeException e) {
            wanted.remove(ByteBuffer.wrap(channel));
            throw e instanceof StorageException s ? s : errors.translate(e, null);
        } finally {
            l.confirmations.remove(ByteBuffer.wrap(channel));
        }
    }

    @Override
    public synchronized void unsubscribe(byte[] channel) {
        wanted.remove(ByteBuffer.wrap(channel));
        Link l = link;
        if (l != null && l.isSubscribed()) {
            try {
                l.unsubscribe(channel);
            } catch (RuntimeException e) {
                // the connection is going: the next one subscribes only to what is still wanted
                LOG.debug("unsubscribing on a failing connection: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            Link l = link;
            if (l != null && l.isSubscribed()) {
                try {
                    l.unsubscribe();
                } catch (RuntimeException e) {
                    LOG.debug("closing a failing subscriber connection: {}", e.toString());
                }
            }
        }
        reader.interrupt();
        try {
            reader.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The connection once it has all its channels, waiting for it at most the command timeout. */
    private Link ready() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (!closed) {
                Link l = link;
                long left = deadline - System.nanoTime();
                if (l != null && l.ready.await(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50))),
                        TimeUnit.NANOSECONDS)) {
                    return l;
                }
                if (left <= 0) {
                    throw new StorageUnavailableException(errors.replies().node(), "no subscriber connection to Redis at "
                            + errors.replies().server() + " within " + timeoutMillis + " ms", null);
                }
                if (l == null) {
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the subscriber connection");
        }
        throw new StorageException("the subscriber is closed");
    }

    /** The reader thread: one connection after another until closed. */
    private void read() {
        long pause = 100;
        while (!closed) {
            Link l = new Link();
            List<byte[]> channels = new ArrayList<>();
            wanted.forEach(c -> channels.add(c.array()));
            channels.add(own); // last: its confirmation means every channel before it is in force
            link = l;
            try {
                session.run(l, channels.toArray(byte[][]::new));
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("Redis subscriber connection lost ({}); connecting again", errors.translate(e, null).getMessage());
                }
            }
            link = null;
            if (l.ready.getCount() == 0) {
                pause = 100;
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        }
    }

    /** One connection's subscription. */
    private final class Link extends BinaryJedisPubSub {
        final CountDownLatch ready = new CountDownLatch(1);
        final Map<ByteBuffer, CountDownLatch> confirmations = new ConcurrentHashMap<>();

        @Override
        public void onSubscribe(byte[] channel, int subscribedChannels) {
            if (closed) {
                unsubscribe(); // closed while this connection was being made
                return;
            }
            if (Arrays.equals(channel, own)) {
                ready.countDown();
                return;
            }
            CountDownLatch c = confirmations.get(ByteBuffer.wrap(channel));
            if (c != null) {
                c.countDown();
            }
        }

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            if (!Arrays.equals(channel, own)) {
                messages.accept(channel, message);
            }
        }
    }
}
