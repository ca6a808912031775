package io.larder.cache;

import io.larder.redis.RedisBackend;
import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.CachedStoreContract;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache contract on one standalone server through Jedis. */
class StandaloneJedisCachedStoreContractIT extends CachedStoreContract {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

    @Override
    protected Backend createBackend() {
        return RedisBackend.create(Targets.standalone(REDIS.get(), Client.JEDIS));
    }
}
