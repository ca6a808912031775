/**
 * The rate limits' room: one limiter's counters under a subject's hash tag, decided by one call
 * of the limiter's own Lua script ({@code LimitScript}, written from its limits) on the server's
 * clock ({@code KEYS.md}, "Rate limits"). Imports only {@link io.larder.redis.internal}.
 */
@NullMarked
package io.larder.redis.limits;

import org.jspecify.annotations.NullMarked;
