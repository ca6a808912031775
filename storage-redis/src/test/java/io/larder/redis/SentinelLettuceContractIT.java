package io.larder.redis;

import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.StorageContract;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisSentinelGroup;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on a Sentinel-guarded master through Lettuce. */
class SentinelLettuceContractIT extends StorageContract {
    @RegisterExtension
    static final RedisExtension<RedisSentinelGroup> REDIS = RedisExtension.sentinel().shared();

    @Override
    protected Backend createBackend() {
        return RedisBackend.create(Targets.sentinel(REDIS.get(), Client.LETTUCE));
    }
}
