package io.larder.redis.jedis;

import io.larder.spi.BackendSettings;
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

/** Turns {@link BackendSettings} into Jedis's client configuration and pooled client. */
final class JedisConnector {
    private JedisConnector() {
    }

    static UnifiedJedis client(BackendSettings s) {
        if (s.type() == BackendSettings.Type.REDIS_SENTINEL) {
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
                    .clientConfig(config(s)).sentinelClientConfig(sentinelConfig.build()).poolConfig(pool(s)).build();
        }
        return RedisClient.builder().hostAndPort(s.host(), s.port()).clientConfig(config(s)).poolConfig(pool(s)).build();
    }

    private static JedisClientConfig config(BackendSettings s) {
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
        BackendSettings.Tls tls = s.tls();
        if (tls.enabled()) {
            SslOptions.Builder ssl = SslOptions.builder().sslVerifyMode(tls.verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.INSECURE);
            if (tls.trustStore() != null) {
                ssl.truststore(tls.trustStore().toFile(), tls.trustStorePassword().revealChars());
            }
            b.sslOptions(ssl.build()); // SslOptions turn TLS on (ssl(boolean) is deprecated)
        }
        return b.build();
    }

    private static ConnectionPoolConfig pool(BackendSettings s) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(s.pool().max());
        pool.setMaxIdle(s.pool().max());
        pool.setMinIdle(s.pool().size());
        // a caller waits for a free connection no longer than for a command's answer
        pool.setMaxWait(s.timeouts().command());
        // idle connections are checked in the background, so a dead one is found before a caller takes it
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(s.healthCheckInterval());
        return pool;
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /** Where commands go, for messages: never a password. */
    static String server(BackendSettings s) {
        String where = s.type() == BackendSettings.Type.REDIS_SENTINEL
                ? "master '" + s.sentinel().master() + "' of sentinels " + s.sentinel().nodes()
                : s.host() + ":" + s.port();
        return where + (s.database() == 0 ? "" : " db " + s.database()) + (s.tls().enabled() ? " (TLS)" : "");
    }
}
