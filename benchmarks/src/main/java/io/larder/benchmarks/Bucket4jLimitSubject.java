package io.larder.benchmarks;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * Bucket4j as its documentation shows it for Redis: a compare-and-swap proxy manager on the
 * driver, one bucket per subject with one bandwidth per limit (refilled at each window's end, as
 * fixed windows count), expiring once full again.
 */
final class Bucket4jLimitSubject implements LimitSubject {
    private final ProxyManager<byte[]> buckets;
    private final Supplier<BucketConfiguration> configuration;
    private final String namespace;
    private final AutoCloseable connection;

    private Bucket4jLimitSubject(ProxyManager<byte[]> buckets, int limits, long max, String namespace, AutoCloseable connection) {
        this.buckets = buckets;
        this.namespace = namespace;
        this.connection = connection;
        ConfigurationBuilder config = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(max).refillIntervally(max, Duration.ofMinutes(1)).build());
        if (limits == 3) {
            config.addLimit(Bandwidth.builder().capacity(max).refillIntervally(max, Duration.ofDays(1)).build())
                    .addLimit(Bandwidth.builder().capacity(max).refillIntervally(max, Duration.ofDays(30)).build());
        }
        BucketConfiguration built = config.build();
        this.configuration = () -> built;
    }

    static Bucket4jLimitSubject jedis(RedisTarget redis, int limits, long max, String namespace) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(RawJedisSubject.POOL);
        pool.setMaxIdle(RawJedisSubject.POOL);
        RedisClient client = RedisClient.builder().hostAndPort(redis.host(), redis.port()).poolConfig(pool).build();
        ProxyManager<byte[]> buckets = Bucket4jJedis.casBasedBuilder(client)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        return new Bucket4jLimitSubject(buckets, limits, max, namespace, client);
    }

    static Bucket4jLimitSubject lettuce(RedisTarget redis, int limits, long max, String namespace) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + redis.host() + ":" + redis.port());
        ProxyManager<byte[]> buckets = Bucket4jLettuce.casBasedBuilder(client)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        return new Bucket4jLimitSubject(buckets, limits, max, namespace, client::shutdown);
    }

    @Override
    public boolean tryAcquire(String subject) {
        byte[] key = (namespace + ":" + subject).getBytes(StandardCharsets.UTF_8);
        return buckets.builder().build(key, configuration).tryConsume(1);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing Bucket4j's connection: " + e, e);
        }
    }
}
