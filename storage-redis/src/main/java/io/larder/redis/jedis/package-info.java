/**
 * Not API: the Jedis 8 edge of the Redis adapters, and the only place that configures a Jedis
 * client ({@link io.larder.redis.jedis.JedisConnector}) or translates a Jedis exception
 * ({@link io.larder.redis.jedis.JedisExceptionTranslator}); the cluster adapter reuses both.
 * {@link io.larder.redis.jedis.JedisDriver} implements the driver port on Jedis's pooled
 * {@code RedisClient} (standalone) and {@code RedisSentinelClient} (Sentinel). Public only
 * because Java has no friend packages; it may change in any release. Non-null unless documented.
 */
@NullMarked
package io.larder.redis.jedis;

import org.jspecify.annotations.NullMarked;
