/**
 * Not API: the floor every room of the Redis adapter stands on, and the only package the rooms
 * ({@code records}, {@code archive}) and the driver edges ({@code jedis}, {@code lettuce})
 * share: the driver port ({@link io.larder.redis.internal.RedisDriver}) with its records, what
 * every store of a backend shares ({@link io.larder.redis.internal.StoreContext}: script sets
 * loaded once per backend, replica acknowledgements, server health), script replies, key text,
 * batching, the layout-version check and error replies. It imports no other package of the
 * module. Public only because Java has no friend packages; it may change in any release.
 * Non-null unless documented.
 */
@NullMarked
package io.larder.redis.internal;

import org.jspecify.annotations.NullMarked;
