package io.larder.tck;

import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisSentinelGroup;
import io.larder.testkit.RedisStandalone;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the Redis topologies the kits' runs share (one standalone server, one Sentinel group, one
 * six-node cluster) before the first class that needs them, and stops them when the run ends.
 * Behaviours never flush them: each test works in fresh store names or key prefixes.
 */
final class Topologies implements BeforeAllCallback {
    private static final RedisExtension<RedisStandalone> STANDALONE = RedisExtension.standalone().shared();
    private static final RedisExtension<RedisSentinelGroup> SENTINEL = RedisExtension.sentinel().shared();
    private static final RedisExtension<RedisClusterGroup> CLUSTER = RedisExtension.cluster().shared();

    @Override
    public void beforeAll(ExtensionContext context) {
        STANDALONE.beforeAll(context);
        SENTINEL.beforeAll(context);
        CLUSTER.beforeAll(context);
    }

    static RedisStandalone standalone() {
        return STANDALONE.get();
    }

    static RedisSentinelGroup sentinel() {
        return SENTINEL.get();
    }

    static RedisClusterGroup cluster() {
        return CLUSTER.get();
    }
}
