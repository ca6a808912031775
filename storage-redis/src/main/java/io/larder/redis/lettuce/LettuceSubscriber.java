package io.larder.redis.lettuce;

import io.larder.StorageException;
import io.larder.redis.internal.Subscriber;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A subscriber on Lettuce: one pub/sub connection of its own, which Lettuce reconnects and
 * subscribes again to its channels by itself; messages arrive on Lettuce's I/O thread, so the
 * handler must hand them on. Not API: public so the cluster adapter subscribes the way this one
 * does. Thread-safe.
 */
public final class LettuceSubscriber implements Subscriber {
    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final LettuceExceptionTranslator errors;
    private final Duration timeout;

    private LettuceSubscriber(StatefulRedisPubSubConnection<byte[], byte[]> connection, LettuceExceptionTranslator errors,
                              Duration timeout) {
        this.connection = connection;
        this.errors = errors;
        this.timeout = timeout;
    }

    /** A subscriber over {@code connection}, which it owns and closes, handing its messages to {@code messages}. */
    public static LettuceSubscriber over(StatefulRedisPubSubConnection<byte[], byte[]> connection,
                                         BiConsumer<byte[], byte[]> messages, LettuceExceptionTranslator errors,
                                         Duration timeout) {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                messages.accept(channel, message);
            }
        });
        return new LettuceSubscriber(connection, errors, timeout);
    }

    @Override
    public void subscribe(byte[] channel) {
        // the future completes when the server confirmed the subscription
        await(connection.async().subscribe(channel));
    }

    @Override
    public void unsubscribe(byte[] channel) {
        await(connection.async().unsubscribe(channel));
    }

    @Override
    public void close() {
        connection.close();
    }

    private void await(RedisFuture<Void> reply) {
        try {
            reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while (un)subscribing");
        } catch (Exception e) {
            throw errors.translate(e, null);
        }
    }
}
