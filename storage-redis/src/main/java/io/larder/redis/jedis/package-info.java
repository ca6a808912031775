/**
 * Not API: the Jedis 8 implementation of the adapter's driver port, on Jedis's pooled
 * {@code RedisClient} (standalone) and {@code RedisSentinelClient} (Sentinel).
 * {@link io.larder.redis.jedis.JedisDriver} is public only so the adapter package can open it.
 * Non-null unless documented.
 */
package io.larder.redis.jedis;
