package io.larder.cluster;

import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.StorageContract;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on a six-node cluster through Lettuce. */
class ClusterLettuceContractIT extends StorageContract {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();

    @Override
    protected Backend createBackend() {
        return ClusterBackend.create(Targets.cluster(CLUSTER.get(), Client.LETTUCE));
    }
}
