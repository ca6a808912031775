package io.larder.cache;

import io.larder.redis.RedisBackend;
import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.CachedStoreContract;
import io.larder.testkit.RedisSentinelGroup;
import io.larder.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache contract on a Sentinel-guarded master through Lettuce. */
class SentinelLettuceCachedStoreContractIT extends CachedStoreContract {
    @RegisterExtension
    static final RedisExtension<RedisSentinelGroup> REDIS = RedisExtension.sentinel().shared();

    @Override
    protected Backend createBackend() {
        return RedisBackend.create(Targets.sentinel(REDIS.get(), Client.LETTUCE));
    }
}
