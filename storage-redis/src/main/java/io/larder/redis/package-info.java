/**
 * The Redis adapter for standalone servers and Sentinel-guarded masters, on Lettuce or Jedis.
 * API: {@link io.larder.redis.RedisBackend} and {@link io.larder.redis.RedisBackendProvider};
 * the key layout is documented in {@code KEYS.md}. Everything else is package-private.
 * Non-null unless documented.
 */
package io.larder.redis;
