package io.larder.benchmarks;

import io.larder.Larder;
import io.larder.StoreDefaults;
import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import java.time.Duration;
import java.time.ZoneOffset;

/** Larder's {@link RateLimiter} as its README shows it, on the Redis backend with the given driver. */
final class LarderLimitSubject implements LimitSubject {
    private final Larder larder;
    private final RateLimiter limiter;

    LarderLimitSubject(RedisTarget redis, RedisSettings.Client client, int limits, long max, String namespace) {
        StoreDefaults d = StoreDefaults.standard();
        // a pool as large as the floor's raw Jedis client has
        RedisSettings settings = RedisSettings.builder().client(client).address(redis.host(), redis.port())
                .pool(new RedisSettings.Pool(RawJedisSubject.POOL, RawJedisSubject.POOL)).build();
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
