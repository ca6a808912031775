package io.larder.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.Redisson;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson's {@link RRateLimiter} as its documentation shows it: one limiter per subject and
 * limit, its rate set once. It holds one rate, so three limits are three limiters asked one after
 * the other: not all or none (a request the second denies has taken a permit from the first).
 */
final class RedissonLimitSubject implements LimitSubject {
    private static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofDays(30));

    private final RedissonClient redisson;
    private final int limits;
    private final long max;
    private final String namespace;
    private final Map<String, List<RRateLimiter>> bySubject = new ConcurrentHashMap<>();

    RedissonLimitSubject(RedisTarget redis, int limits, long max, String namespace) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
        this.redisson = Redisson.create(config);
        this.limits = limits;
        this.max = max;
        this.namespace = namespace;
    }

    @Override
    public boolean tryAcquire(String subject) {
        for (RRateLimiter limiter : bySubject.computeIfAbsent(subject, this::limitersOf)) {
            if (!limiter.tryAcquire()) {
                return false;
            }
        }
        return true;
    }

    private List<RRateLimiter> limitersOf(String subject) {
        List<RRateLimiter> out = new ArrayList<>(limits);
        for (int i = 0; i < limits; i++) {
            RRateLimiter limiter = redisson.getRateLimiter(namespace + ":{" + subject + "}:" + i);
            limiter.trySetRate(RateType.OVERALL, max, WINDOWS.get(i));
            out.add(limiter);
        }
        return out;
    }

    @Override
    public void close() {
        redisson.shutdown();
    }
}
