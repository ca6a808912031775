/**
 * The Redis adapter for standalone servers and Sentinel-guarded masters, on Jedis (the default)
 * or Lettuce. API: {@link io.larder.redis.RedisBackend}, its settings
 * ({@link io.larder.redis.RedisSettings}) and {@link io.larder.redis.RedisBackendProvider};
 * the key layouts are documented in {@code KEYS.md}. Everything else is not API, laid out as
 * rooms over one shared floor:
 * <ul>
 * <li>{@code records}: the records and values layouts (key layout v1), with their Lua files;</li>
 * <li>{@code archive}: the archive layout, with its Lua files;</li>
 * <li>{@code internal}: the floor every room stands on: the driver port, Lua script sets loaded
 *     once per backend, replica acknowledgements, script replies, key text, batching, the
 *     layout-version check, server health;</li>
 * <li>{@code jedis}, {@code lettuce}: each driver's one edge (its configuration, the translation
 *     of its exceptions, and the driver port on it), which {@code storage-cluster} reuses.</li>
 * </ul>
 * A room imports {@code internal} and nothing else of this module (a driver edge also reads
 * {@link io.larder.redis.RedisSettings}, the settings it configures its driver from); only this package, which
 * assembles the backend, imports the rooms. A new capability (a rate limiter, sessions,
 * generation tasks) is a new room beside {@code records}: its Lua files in its own resource
 * folder, an enum implementing {@code internal.LuaScript} that names them, and its Java asking
 * the backend's {@code internal.StoreContext#scripts} for that enum's set, which loads it once
 * per backend and routes each call by its first key's slot on a cluster. Non-null unless
 * documented.
 */
@NullMarked
package io.larder.redis;

import org.jspecify.annotations.NullMarked;
