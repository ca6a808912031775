package io.larder.testkit;

import org.jspecify.annotations.Nullable;

/**
 * What one server is to be: the topology-specific config lines, whether it is a sentinel or a
 * cluster node, and how the testkit itself authenticates to it. The port, bind address,
 * directory and log file are added by {@link RedisProcess}.
 */
final class ProcessSpec {

    final String name;
    final RedisConfig config;
    final boolean sentinel;
    final boolean clusterBus;
    final @Nullable String adminPassword;
    final @Nullable TlsMaterial tls;

    private ProcessSpec(String name, RedisConfig config, boolean sentinel, boolean clusterBus,
                        @Nullable String adminPassword, @Nullable TlsMaterial tls) {
        this.name = name;
        this.config = config;
        this.sentinel = sentinel;
        this.clusterBus = clusterBus;
        this.adminPassword = adminPassword;
        this.tls = tls;
    }

    /** A data node; {@code adminPassword} (nullable) is the {@code default} user's password. */
    static ProcessSpec server(String name, RedisConfig config, @Nullable String adminPassword, @Nullable TlsMaterial tls) {
        return new ProcessSpec(name, config, false, false, adminPassword, tls);
    }

    /** A cluster node: its port + 10000 must be free as well. */
    static ProcessSpec clusterNode(String name, RedisConfig config, @Nullable String adminPassword) {
        return new ProcessSpec(name, config, false, true, adminPassword, null);
    }

    /** A sentinel, run as {@code redis-server <conf> --sentinel}. */
    static ProcessSpec sentinel(String name, RedisConfig config) {
        return new ProcessSpec(name, config, true, false, null, null);
    }
}
