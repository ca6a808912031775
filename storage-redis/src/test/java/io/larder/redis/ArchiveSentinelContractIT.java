package io.larder.redis;

import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.ArchiveContract;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisSentinelGroup;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract, minus per-record expiry, on the archive layout of a Sentinel-guarded
 * master through Jedis (the default driver): every write also waits for the replica there.
 * One driver is enough: the layout's scripts are driver-neutral, and both drivers run it on
 * standalone and Cluster.
 */
class ArchiveSentinelContractIT extends ArchiveContract {
    @RegisterExtension
    static final RedisExtension<RedisSentinelGroup> REDIS = RedisExtension.sentinel().shared();

    @Override
    protected Backend createBackend() {
        return RedisBackend.create(Targets.sentinel(REDIS.get(), Client.JEDIS));
    }
}
