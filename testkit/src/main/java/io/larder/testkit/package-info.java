/**
 * Real Redis servers for tests: standalone (optionally with a password, ACL users, TLS or
 * persistence), a Sentinel group and a Cluster, each started as {@code redis-server} processes
 * on free loopback ports and always stopped again.
 *
 * <p>Entry points: {@link io.larder.testkit.RedisExtension} for JUnit 5, or the topologies
 * {@link io.larder.testkit.RedisStandalone}, {@link io.larder.testkit.RedisSentinelGroup} and
 * {@link io.larder.testkit.RedisClusterGroup} used directly in try-with-resources. Admin and
 * setup commands go through {@link io.larder.testkit.RespClient}; no Redis driver is involved,
 * so the adapters under test never share code with the servers they are tested against.
 * Faults come from outside, as in production: {@link io.larder.testkit.RedisProcess#kill()}
 * (SIGKILL), {@link io.larder.testkit.RedisProcess#pause()} (SIGSTOP) and
 * {@link io.larder.testkit.RedisProcess#resume()}; {@link io.larder.testkit.WriteLoad} runs the
 * writers a fault test counts.
 *
 * <p>Everything is non-null unless it returns {@link java.util.Optional} or is documented as
 * nullable. Failures are {@link io.larder.testkit.TestkitException}s.
 */
@NullMarked
package io.larder.testkit;

import org.jspecify.annotations.NullMarked;
