package io.larder.redis.lettuce;

import io.larder.redis.RedisSettings;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.ErrorReplies;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the master: for a standalone server one connection for good; under
 * Sentinel, the master the sentinels name now. It listens on every sentinel for
 * {@code +switch-master} and, the moment the master moves, connects to the new one and closes the
 * old connection, which fails the commands still in flight there: a paused master that Sentinel
 * replaced may run them when it wakes up, but nothing it runs is acknowledged to a caller.
 * Lettuce's own reconnects stay on the address they know, so a missed announcement is caught by
 * {@link #suspect()}: after a {@code READONLY} reply or a refused command the sentinels are asked
 * again (at most every {@value #RECHECK_MILLIS} ms). Thread-safe.
 */
final class MasterLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
    private static final ByteArrayCodec BYTES = ByteArrayCodec.INSTANCE;
    private static final long RECHECK_MILLIS = 500;

    private final RedisClient client;
    private final RedisSettings settings;
    /** The sentinels to follow the master by, or null for a standalone server. */
    private final @Nullable RedisURI sentinels;
    private final List<StatefulRedisPubSubConnection<String, String>> announcements = new ArrayList<>();
    private final @Nullable ExecutorService follower;
    private final AtomicLong lastCheck = new AtomicLong(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS));
    private volatile Connected current;
    private volatile boolean closed;

    /** A connection and the master it reaches. */
    private record Connected(StatefulRedisConnection<byte[], byte[]> connection, String master) {
    }

    private MasterLink(RedisClient client, RedisSettings settings, @Nullable RedisURI sentinels, Connected first) {
        this.client = client;
        this.settings = settings;
        this.sentinels = sentinels;
        this.current = first;
        this.follower = sentinels == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "larder-sentinel-follower");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects as {@code settings} say: to the standalone server at {@code uri}, or to the master
     * the sentinels of {@code uri} name, listening for their announcements.
     *
     * @throws RuntimeException Lettuce's, when no connection can be made
     */
    static MasterLink open(RedisClient client, RedisURI uri, RedisSettings settings) {
        if (uri.getSentinelMasterId() == null) {
            return new MasterLink(client, settings, null, new Connected(client.connect(BYTES, uri), uri.getHost() + ":" + uri.getPort()));
        }
        String master = askSentinels(client, uri);
        MasterLink link = new MasterLink(client, settings, uri, connect(client, settings, master));
        try {
            link.listen();
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    /** The connection to use now. */
    StatefulRedisConnection<byte[], byte[]> connection() {
        return current.connection();
    }

    /** The master the connection reaches ({@code host:port}). */
    String master() {
        return current.master();
    }

    /**
     * Something said the connection may not reach the master any more (a {@code READONLY} reply, a
     * command refused while disconnected): under Sentinel, asks the sentinels again in the
     * background and follows them if they name another master. Rate-limited; returns at once.
     */
    void suspect() {
        if (follower == null || closed) {
            return;
        }
        long now = System.nanoTime();
        long before = lastCheck.get();
        if (now - before < TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS) || !lastCheck.compareAndSet(before, now)) {
            return;
        }
        submit(() -> follow(askSentinels(client, sentinels()), "the sentinels name it"));
    }

    /** Subscribes to {@code +switch-master} on every sentinel that answers; pub/sub connections resubscribe by themselves after a reconnect. */
    private void listen() {
        String name = sentinels().getSentinelMasterId();
        RuntimeException failure = null;
        for (RedisURI sentinel : LettuceConnector.sentinelUris(settings)) {
            try {
                StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub(StringCodec.UTF8, sentinel);
                pubSub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        // "<name> <old ip> <old port> <new ip> <new port>"
                        String[] words = message.split(" ");
                        if (words.length == 5 && words[0].equals(name)) {
                            submit(() -> follow(words[3] + ":" + words[4], "sentinel announced +switch-master"));
                        }
                    }
                });
                pubSub.sync().subscribe("+switch-master");
                announcements.add(pubSub);
            } catch (RuntimeException e) {
                failure = e;
                LOG.warn("cannot subscribe to +switch-master on sentinel {}:{}: {}; the others are heard, and the sentinels are"
                        + " asked again whenever a command fails", sentinel.getHost(), sentinel.getPort(), e.toString());
            }
        }
        if (announcements.isEmpty() && failure != null) {
            throw failure;
        }
    }

    private void submit(Runnable task) {
        try {
            follower().execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("could not follow the master of '{}': {}", sentinels().getSentinelMasterId(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile: nothing to follow any more
        }
    }

    /** The sentinels: only a link that follows a Sentinel master asks them or runs a follower. */
    private RedisURI sentinels() {
        return Objects.requireNonNull(sentinels, "only a Sentinel link follows its master");
    }

    private ExecutorService follower() {
        return Objects.requireNonNull(follower, "only a Sentinel link follows its master");
    }

    /** Points the link at {@code master} (a no-op if it is there already) and closes the old connection. */
    private synchronized void follow(String master, String why) {
        Connected before = current;
        if (closed || before.master().equals(master)) {
            return;
        }
        Connected next = connect(client, settings, master);
        current = next;
        LOG.info("following the master of '{}' from {} to {}: {}", sentinels().getSentinelMasterId(), before.master(), master, why);
        // fails what is still in flight on the old master: none of it is acknowledged
        before.connection().closeAsync();
    }

    private static Connected connect(RedisClient client, RedisSettings settings, String master) {
        int colon = master.lastIndexOf(':');
        RedisURI uri = LettuceConnector.masterUri(settings, master.substring(0, colon), Integer.parseInt(master.substring(colon + 1)));
        return new Connected(client.connect(BYTES, uri), master);
    }

    /** The master the sentinels of {@code uri} name now, as {@code host:port}. */
    static String askSentinels(RedisClient client, RedisURI uri) {
        try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(StringCodec.UTF8, uri)) {
            SocketAddress master = sentinel.sync().getMasterAddrByName(uri.getSentinelMasterId());
            if (master == null) {
                throw new StorageUnavailableException(ErrorReplies.sentinelMaster(uri.getSentinelMasterId()),
                        "the sentinels know no master named '" + uri.getSentinelMasterId() + "'", null);
            }
            return master instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : master.toString();
        }
    }

    /** Stops listening and closes the connection; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (follower != null) {
            follower.shutdownNow();
            try {
                follower.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        announcements.forEach(StatefulRedisPubSubConnection::close);
        current.connection().close();
    }

    @Override
    public String toString() {
        return "MasterLink[" + current.master() + "]";
    }
}
