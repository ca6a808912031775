package io.larder.cluster;

import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.ArchiveContract;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract, minus per-record expiry, on the archive layout of a six-node cluster, through each driver. */
class ClusterArchiveContractIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();

    @Nested
    class OnLettuce extends ArchiveContract {
        @Override
        protected Backend createBackend() {
            return ClusterBackend.create(Targets.cluster(CLUSTER.get(), Client.LETTUCE));
        }
    }

    @Nested
    class OnJedis extends ArchiveContract {
        @Override
        protected Backend createBackend() {
            return ClusterBackend.create(Targets.cluster(CLUSTER.get(), Client.JEDIS));
        }
    }
}
