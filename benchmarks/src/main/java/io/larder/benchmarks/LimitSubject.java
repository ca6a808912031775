package io.larder.benchmarks;

/**
 * The one facade the rate-limit benchmark drives: a limiter of one or three limits (per minute;
 * per minute, day and month) that a user could put in front of a paid API. Larder, a minimal
 * one-script limiter on raw Jedis (the floor), Bucket4j and Redisson implement it, and a JMH
 * {@code @Param} picks which. Implementations are thread-safe.
 */
interface LimitSubject extends AutoCloseable {

    /** Takes one permit from every limit of {@code subject}; false when a limit has none left. */
    boolean tryAcquire(String subject);

    /** Releases connections and threads. */
    @Override
    void close();
}
