package io.larder.benchmarks;

import io.larder.BackendSettings;
import io.larder.Larder;
import io.larder.StoreDefaults;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import io.larder.redis.RedisBackend;
import java.time.Duration;
import java.time.ZoneOffset;

/** Larder's {@link RateLimiter} as its README shows it, on the Redis backend with the given driver. */
final class LarderLimitSubject implements LimitSubject {
    private final Larder larder;
    private final RateLimiter limiter;

    LarderLimitSubject(RedisTarget redis, BackendSettings.Client client, int limits, long max, String namespace) {
        StoreDefaults d = StoreDefaults.standard();
        BackendSettings s = BackendSettings.defaults();
        // a pool as large as the floor's raw Jedis client has
        BackendSettings settings = new BackendSettings(BackendSettings.Type.REDIS, client, redis.host(), redis.port(),
                s.database(), s.username(), s.password(), s.clientName(), new BackendSettings.Pool(RawJedisSubject.POOL,
                RawJedisSubject.POOL), s.timeouts(), s.retryOnTimeout(), s.healthCheckInterval(), s.sentinel(), s.cluster(),
                s.tls(), s.snapshot(), s.sweepInterval(), s.archive(), s.durability());
        this.larder = Larder.builder().backend(RedisBackend.create(settings))
                .defaults(new StoreDefaults(namespace + ":", d.encoding(), d.expiry(), d.batchSize(), d.maxPipeline(),
                        d.maxValueSize(), d.slowOperation()))
                .sweepEvery(Duration.ZERO).build();
        RateLimiter.Builder b = RateLimiter.builder(larder, "api").zone(ZoneOffset.UTC).limit(Limit.perMinute(max));
        if (limits == 3) {
            b.limit(Limit.perDay(max)).limit(Limit.perMonth(max));
        }
        this.limiter = b.build();
    }

    @Override
    public boolean tryAcquire(String subject) {
        return limiter.tryAcquire(subject).allowed();
    }

    @Override
    public void close() {
        larder.close();
    }
}
