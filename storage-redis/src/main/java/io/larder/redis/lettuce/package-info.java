/**
 * Not API: the Lettuce implementation of the adapter's driver port. One shared, multiplexed
 * connection per backend; pipelines are written with one flush. {@link io.larder.redis.lettuce.LettuceDriver}
 * is public only so the adapter package can open it, and {@link io.larder.redis.lettuce.LettuceConnector}
 * so the cluster adapter connects the same way. Non-null unless documented.
 */
package io.larder.redis.lettuce;
