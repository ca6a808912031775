/**
 * The Redis Cluster adapter: {@link io.larder.cluster.ClusterBackend} routes each script call
 * and read by its hash slot, pipelines each node's share in parallel, follows {@code MOVED} and
 * {@code ASK} while slots move, and reports the cluster's health. Non-null by default.
 */
package io.larder.cluster;
