/**
 * Not API: the driver-neutral port the Redis adapter speaks to, and the types the driver
 * packages ({@code io.larder.redis.lettuce}, {@code io.larder.redis.jedis}) share with it.
 * Public only because Java has no friend packages; it may change in any release.
 * Non-null unless documented.
 */
package io.larder.redis.internal;
