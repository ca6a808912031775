/**
 * The Redis Cluster adapter, configured by {@link io.larder.cluster.ClusterSettings}:
 * {@link io.larder.cluster.ClusterBackend} lays out its stores as the
 * Redis adapter does, over a driver that routes each script call and read by its hash slot (the
 * driver's own CRC16), pipelines each node's share in parallel, follows {@code MOVED} and
 * {@code ASK} while slots move, and reports the cluster's health. Connections are configured and
 * failures translated by the Redis adapter's driver edges ({@code io.larder.redis.jedis},
 * {@code io.larder.redis.lettuce}); what is this package's own is routing, redirects and
 * topology. Non-null by default.
 */
@NullMarked
package io.larder.cluster;

import org.jspecify.annotations.NullMarked;
