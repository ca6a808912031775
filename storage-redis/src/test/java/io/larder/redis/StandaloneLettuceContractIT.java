package io.larder.redis;

import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.StorageContract;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on one standalone server through Lettuce. */
class StandaloneLettuceContractIT extends StorageContract {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

    @Override
    protected Backend createBackend() {
        return RedisBackend.create(Targets.standalone(REDIS.get(), Client.LETTUCE));
    }
}
