/**
 * Not API: the Lettuce edge of the Redis adapters, and the only place that configures a Lettuce
 * client ({@link io.larder.redis.lettuce.LettuceConnector}) or translates a Lettuce exception
 * ({@link io.larder.redis.lettuce.LettuceExceptionTranslator}); the cluster adapter reuses both.
 * {@link io.larder.redis.lettuce.LettuceDriver} implements the driver port on one shared,
 * multiplexed connection per backend; pipelines are written with one flush. Public only because
 * Java has no friend packages; it may change in any release. Non-null unless documented.
 */
@NullMarked
package io.larder.redis.lettuce;

import org.jspecify.annotations.NullMarked;
