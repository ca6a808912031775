package io.larder.redis.lettuce;

import io.larder.HostPort;
import io.larder.redis.RedisSettings;
import io.larder.Secret;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@link RedisSettings} into Lettuce's URIs, client resources and client options: the
 * one place Lettuce is configured. Not API: public only so the cluster adapter connects the way
 * this one does. Stateless.
 */
public final class LettuceConnector {
    /**
     * How long a cluster node may take to connect and answer the topology questions
     * ({@code CLUSTER NODES}, {@code INFO}) of a refresh, once the client is connected: Lettuce
     * waits for every node it asks, so a paused master would otherwise hold each refresh, and the
     * news of its replica's promotion, for the whole command timeout. A node that does not answer
     * within this is left out of that refresh.
     */
    static final Duration TOPOLOGY_TIMEOUT = Duration.ofSeconds(1);

    private LettuceConnector() {
    }

    static RedisURI uri(RedisSettings s) {
        RedisURI.Builder b;
        if (s.mode() == RedisSettings.Mode.SENTINEL) {
            List<HostPort> nodes = s.sentinel().nodes();
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("Sentinel needs at least one sentinel node");
            }
            b = RedisURI.Builder.sentinel(nodes.get(0).host(), nodes.get(0).port(), s.sentinel().master());
            b.withSentinel(sentinelUri(nodes.get(0), s.sentinel().password()));
            for (HostPort node : nodes.subList(1, nodes.size())) {
                b.withSentinel(sentinelUri(node, s.sentinel().password()));
            }
        } else {
            b = RedisURI.Builder.redis(s.host(), s.port());
        }
        return client(b.withDatabase(s.database()), s);
    }

    /** The URI of one node (of a cluster): its address, with the settings' timeout, name, credentials and TLS. */
    public static RedisURI nodeUri(RedisSettings s, HostPort node) {
        return client(RedisURI.Builder.redis(node.host(), node.port()), s);
    }

    /**
     * The cluster client for {@code seeds}: Lettuce's, except that once it is connected it reads
     * the topology with the {@linkplain #TOPOLOGY_TIMEOUT topology timeout} (or the command timeout,
     * if shorter). Its first topology, and every command, keep the settings' timeouts.
     */
    public static RedisClusterClient clusterClient(ClientResources resources, List<RedisURI> seeds, RedisSettings s) {
        Duration topology = s.timeouts().command().compareTo(TOPOLOGY_TIMEOUT) < 0 ? s.timeouts().command() : TOPOLOGY_TIMEOUT;
        return new BoundedRefreshClient(resources, seeds, topology);
    }

    /** A cluster client whose topology refreshes, after the first, ask each node with a short timeout. */
    private static final class BoundedRefreshClient extends RedisClusterClient {
        /** Set while this thread reads the first topology: a slow start must not fail it. */
        private static final ThreadLocal<Boolean> FIRST = ThreadLocal.withInitial(() -> false);
        private final Duration topologyTimeout;

        BoundedRefreshClient(ClientResources resources, List<RedisURI> seeds, Duration topologyTimeout) {
            super(resources, seeds);
            this.topologyTimeout = topologyTimeout;
        }

        @Override
        protected CompletableFuture<Partitions> initializePartitions() {
            FIRST.set(true);
            try {
                return super.initializePartitions(); // asks for the sources before it returns
            } finally {
                FIRST.remove();
            }
        }

        @Override
        protected Iterable<RedisURI> getTopologyRefreshSource() {
            Iterable<RedisURI> sources = super.getTopologyRefreshSource();
            if (FIRST.get()) {
                return sources;
            }
            List<RedisURI> bounded = new ArrayList<>();
            for (RedisURI uri : sources) {
                RedisURI copy = RedisURI.builder(uri).build();
                copy.setTimeout(topologyTimeout);
                bounded.add(copy);
            }
            return bounded;
        }
    }

    /** The URI of the master a Sentinel named, at {@code host:port}: the settings' database, timeout, name, credentials and TLS. */
    static RedisURI masterUri(RedisSettings s, String host, int port) {
        return client(RedisURI.Builder.redis(host, port).withDatabase(s.database()), s);
    }

    /** The URI of each sentinel, with the sentinels' password: to ask them, or to hear them announce a new master. */
    static List<RedisURI> sentinelUris(RedisSettings s) {
        return s.sentinel().nodes().stream().map(n -> sentinelUri(n, s.sentinel().password())).toList();
    }

    private static RedisURI client(RedisURI.Builder b, RedisSettings s) {
        b.withTimeout(s.timeouts().command());
        if (!s.clientName().isEmpty()) {
            b.withClientName(s.clientName());
        }
        if (s.password().isPresent()) {
            if (s.username().isEmpty()) {
                b.withPassword(s.password().revealChars());
            } else {
                b.withAuthentication(s.username(), s.password().revealChars());
            }
        }
        if (s.tls().enabled()) {
            b.withSsl(true).withVerifyPeer(s.tls().verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.NONE);
        }
        return b.build();
    }

    private static RedisURI sentinelUri(HostPort node, Secret password) {
        RedisURI.Builder b = RedisURI.Builder.redis(node.host(), node.port());
        if (password.isPresent()) {
            b.withPassword(password.revealChars());
        }
        return b.build();
    }

    /**
     * Event loops and the reconnect schedule of one backend. Reconnects back off from 10 ms to
     * at most 1 s (Lettuce's default grows to 30 s), so writes resume within a second of a
     * failover completing instead of waiting out a long backoff.
     */
    public static ClientResources resources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    /** Client options: auto-reconnect, RESP2, commands refused while disconnected, timeouts, keep-alive, the trust store. */
    public static ClientOptions options(RedisSettings s) {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(true)
                // RESP2 so replies have the same shapes under both drivers
                .protocolVersion(ProtocolVersion.RESP2)
                // While the connection is down, commands fail at once, and those in flight when it broke
                // fail too rather than being sent again after the reconnect: a killed master then costs
                // the caller a retryable error instead of a wait of the whole command timeout (writers sat
                // 30 s on a dead cluster node), and a write is never replayed, unseen, on whatever node the
                // connection reaches next. Jedis behaves the same way.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(s.timeouts().connect()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(s.timeouts().command()));
        RedisSettings.Tls tls = s.tls();
        if (tls.enabled() && tls.trustStore() != null) {
            b.sslOptions(SslOptions.builder().jdkSslProvider()
                    .truststore(tls.trustStore().toFile(), tls.trustStorePassword().reveal()).build());
        }
        return b.build();
    }
}
