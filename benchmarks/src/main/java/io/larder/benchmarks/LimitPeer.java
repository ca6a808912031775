package io.larder.benchmarks;

import io.larder.redis.RedisSettings;
import java.util.Arrays;
import java.util.List;

/** The limiters the rate-limit benchmark compares, by the name its {@code subject} parameter takes. */
enum LimitPeer {
    /** Larder's {@code RateLimiter} on its Jedis backend (the default driver). */
    LARDER_JEDIS("larder-jedis"),
    /** Larder's {@code RateLimiter} on its Lettuce backend. */
    LARDER_LETTUCE("larder-lettuce"),
    /** The floor: one EVALSHA of a minimal fixed-window script with raw Jedis. */
    FLOOR_JEDIS("lua-floor-jedis"),
    /** The same floor on one raw Lettuce connection: what Larder's Lettuce backend is set beside. */
    FLOOR_LETTUCE("lua-floor-lettuce"),
    /** Bucket4j's compare-and-swap proxy manager on Jedis. */
    BUCKET4J_JEDIS("bucket4j-jedis"),
    /** Bucket4j's compare-and-swap proxy manager on Lettuce. */
    BUCKET4J_LETTUCE("bucket4j-lettuce"),
    /** Redisson's {@code RRateLimiter}, one per limit. */
    REDISSON("redisson-ratelimiter");

    private final String id;

    LimitPeer(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** The peer named {@code id}. */
    static LimitPeer of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no limiter '" + id + "'; known: " + Arrays.stream(values()).map(LimitPeer::id).toList()));
    }

    /** Every peer's id. */
    static List<String> ids() {
        return Arrays.stream(values()).map(LimitPeer::id).toList();
    }

    /**
     * A limiter of {@code limits} limits (1: per minute; 3: per minute, day and month), each
     * holding {@code max} permits, on the server {@code redis}, its keys under {@code namespace}.
     */
    LimitSubject open(RedisTarget redis, int limits, long max, String namespace) {
        if (limits != 1 && limits != 3) {
            throw new IllegalArgumentException("limits is 1 or 3, got " + limits);
        }
        return switch (this) {
            case LARDER_JEDIS -> new LarderLimitSubject(redis, RedisSettings.Client.JEDIS, limits, max, namespace);
            case LARDER_LETTUCE -> new LarderLimitSubject(redis, RedisSettings.Client.LETTUCE, limits, max, namespace);
            case FLOOR_JEDIS -> FloorLimitSubject.jedis(redis, limits, max, namespace);
            case FLOOR_LETTUCE -> FloorLimitSubject.lettuce(redis, limits, max, namespace);
            case BUCKET4J_JEDIS -> Bucket4jLimitSubject.jedis(redis, limits, max, namespace);
            case BUCKET4J_LETTUCE -> Bucket4jLimitSubject.lettuce(redis, limits, max, namespace);
            case REDISSON -> new RedissonLimitSubject(redis, limits, max, namespace);
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
