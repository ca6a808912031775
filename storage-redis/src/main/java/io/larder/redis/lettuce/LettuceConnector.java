package io.larder.redis.lettuce;

import io.larder.Secret;
import io.larder.spi.BackendSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@link BackendSettings} into Lettuce's URIs, client resources and client options: the
 * one place Lettuce is configured. Not API: public only so the cluster adapter connects the way
 * this one does. Stateless.
 */
public final class LettuceConnector {
    private LettuceConnector() {
    }

    static RedisURI uri(BackendSettings s) {
        RedisURI.Builder b;
        if (s.type() == BackendSettings.Type.REDIS_SENTINEL) {
            List<BackendSettings.HostPort> nodes = s.sentinel().nodes();
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("Sentinel needs at least one sentinel node");
            }
            b = RedisURI.Builder.sentinel(nodes.get(0).host(), nodes.get(0).port(), s.sentinel().master());
            b.withSentinel(sentinelUri(nodes.get(0), s.sentinel().password()));
            for (BackendSettings.HostPort node : nodes.subList(1, nodes.size())) {
                b.withSentinel(sentinelUri(node, s.sentinel().password()));
            }
        } else {
            b = RedisURI.Builder.redis(s.host(), s.port());
        }
        return client(b.withDatabase(s.database()), s);
    }

    /** The URI of one node (of a cluster): its address, with the settings' timeout, name, credentials and TLS. */
    public static RedisURI nodeUri(BackendSettings s, BackendSettings.HostPort node) {
        return client(RedisURI.Builder.redis(node.host(), node.port()), s);
    }

    private static RedisURI client(RedisURI.Builder b, BackendSettings s) {
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

    private static RedisURI sentinelUri(BackendSettings.HostPort node, Secret password) {
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

    /** Client options: auto-reconnect, RESP2, commands waiting out a reconnect, timeouts, keep-alive, the trust store. */
    public static ClientOptions options(BackendSettings s) {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(true)
                // RESP2 so replies have the same shapes under both drivers
                .protocolVersion(ProtocolVersion.RESP2)
                // while reconnecting, commands wait (up to the command timeout) instead of failing at once:
                // a failover then costs a pause, not a burst of errors
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT)
                .socketOptions(SocketOptions.builder().connectTimeout(s.timeouts().connect()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(s.timeouts().command()));
        BackendSettings.Tls tls = s.tls();
        if (tls.enabled() && tls.trustStore() != null) {
            b.sslOptions(SslOptions.builder().jdkSslProvider()
                    .truststore(tls.trustStore().toFile(), tls.trustStorePassword().reveal()).build());
        }
        return b.build();
    }
}
