package io.larder.redis.internal;

/**
 * One {@code SET} of a value, with {@code PXAT} when it expires.
 *
 * @param key the value key
 * @param value the stored bytes
 * @param expireAtMillis when the value expires, epoch ms, or 0 for never
 */
public record Put(byte[] key, byte[] value, long expireAtMillis) {
}
