/**
 * Not API: {@link io.larder.Signals} on Redis publish/subscribe, one subscriber connection per
 * backend shared by every channel, over the driver edges' {@code publish} and {@code Subscriber}.
 * {@link io.larder.redis.signals.RedisSignals} is public only so the backend can make it; it
 * builds on {@code io.larder.redis.internal} alone. Non-null unless documented.
 */
@NullMarked
package io.larder.redis.signals;

import org.jspecify.annotations.NullMarked;
