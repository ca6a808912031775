/**
 * The rate limits' room: one limiter's counters under a subject's hash tag, decided by one call
 * of {@code limit.lua} on the server's clock ({@code KEYS.md}, "Rate limits"). Imports only
 * {@link io.larder.redis.internal}.
 */
@NullMarked
package io.larder.redis.limits;

import org.jspecify.annotations.NullMarked;
