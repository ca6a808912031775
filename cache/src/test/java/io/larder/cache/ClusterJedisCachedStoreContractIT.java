package io.larder.cache;

import io.larder.cluster.ClusterBackend;
import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.CachedStoreContract;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache contract on a six-node cluster through Jedis. */
class ClusterJedisCachedStoreContractIT extends CachedStoreContract {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> REDIS = RedisExtension.cluster().shared();

    @Override
    protected Backend createBackend() {
        return ClusterBackend.create(Targets.cluster(REDIS.get(), Client.JEDIS));
    }
}
