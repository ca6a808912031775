package io.larder.redis.jedis;

import io.larder.redis.RedisSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;

/**
 * Turns {@link RedisSettings} into Jedis's client configuration, pool configuration and
 * pooled client: the one place Jedis is configured. Not API: public only so the cluster adapter
 * configures its node connections the way this one does. Stateless.
 */
public final class JedisConnector {
    /**
     * How long a cluster node may take to connect and answer {@code CLUSTER SLOTS} when the
     * topology is read: a node that does not is skipped for the next, so a paused master costs a
     * refresh this long instead of the command timeout.
     */
    private static final Duration TOPOLOGY_TIMEOUT = Duration.ofSeconds(1);

    private JedisConnector() {
    }

    /** The pooled client of a standalone server, or of the master the sentinels name. */
    static UnifiedJedis client(RedisSettings s) {
        ConnectionPoolConfig pool = poolConfig(s, s.pool().size());
        if (s.mode() == RedisSettings.Mode.SENTINEL) {
            Set<HostAndPort> sentinels = new LinkedHashSet<>();
            s.sentinel().nodes().forEach(n -> sentinels.add(new HostAndPort(n.host(), n.port())));
            DefaultJedisClientConfig.Builder sentinelConfig = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(millis(s.timeouts().connect()))
                    .socketTimeoutMillis(millis(s.timeouts().command()))
                    .protocol(RedisProtocol.RESP2);
            if (s.sentinel().password().isPresent()) {
                sentinelConfig.password(s.sentinel().password().reveal());
            }
            return RedisSentinelClient.builder().masterName(s.sentinel().master()).sentinels(sentinels)
                    .clientConfig(clientConfig(s).build()).sentinelClientConfig(sentinelConfig.build()).poolConfig(pool).build();
        }
        return RedisClient.builder().hostAndPort(s.host(), s.port()).clientConfig(clientConfig(s).build()).poolConfig(pool)
                .build();
    }

    /**
     * The configuration of every connection to a Redis server (or cluster node): timeouts,
     * database, client name, credentials, TLS, and RESP2. A builder, so a cluster can add what is
     * its own (reads from replicas) before building it.
     */
    public static DefaultJedisClientConfig.Builder clientConfig(RedisSettings s) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(s.timeouts().connect()))
                .socketTimeoutMillis(millis(s.timeouts().command()))
                .database(s.database())
                // RESP2 so replies have the same shapes under both drivers
                .protocol(RedisProtocol.RESP2);
        if (!s.clientName().isEmpty()) {
            b.clientName(s.clientName());
        }
        if (s.password().isPresent()) {
            if (!s.username().isEmpty()) {
                b.user(s.username());
            }
            b.password(s.password().reveal());
        }
        RedisSettings.Tls tls = s.tls();
        if (tls.enabled()) {
            SslOptions.Builder ssl = SslOptions.builder().sslVerifyMode(tls.verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.INSECURE);
            if (tls.trustStore() != null) {
                ssl.truststore(tls.trustStore().toFile(), tls.trustStorePassword().revealChars());
            }
            b.sslOptions(ssl.build()); // SslOptions turn TLS on (ssl(boolean) is deprecated)
        }
        return b;
    }

    /**
     * The configuration of a connection that reads a cluster's topology: as {@link #clientConfig},
     * with the {@linkplain #TOPOLOGY_TIMEOUT topology timeout} (or the settings' own, if shorter)
     * to connect and to answer.
     */
    public static JedisClientConfig topologyConfig(RedisSettings s) {
        int millis = (int) Math.min(TOPOLOGY_TIMEOUT.toMillis(), Math.min(millis(s.timeouts().connect()),
                millis(s.timeouts().command())));
        return clientConfig(s).connectionTimeoutMillis(millis).socketTimeoutMillis(millis).build();
    }

    /**
     * A pool of at most {@code pool.max} connections keeping {@code minIdle} idle ones (a cluster
     * keeps fewer per node than a standalone server gets), checked in the background.
     */
    public static ConnectionPoolConfig poolConfig(RedisSettings s, int minIdle) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(s.pool().max());
        pool.setMaxIdle(s.pool().max());
        pool.setMinIdle(minIdle);
        // a caller waits for a free connection no longer than for a command's answer
        pool.setMaxWait(s.timeouts().command());
        // idle connections are checked in the background, so a dead one is found before a caller takes it
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(s.healthCheckInterval());
        return pool;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
