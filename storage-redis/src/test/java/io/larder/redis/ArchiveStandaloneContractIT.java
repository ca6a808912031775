package io.larder.redis;

import io.larder.spi.Backend;
import io.larder.spi.BackendSettings.Client;
import io.larder.tck.ArchiveContract;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract, minus expiry, on the archive layout of one standalone server, through each driver. */
class ArchiveStandaloneContractIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

    @Nested
    class OnLettuce extends ArchiveContract {
        @Override
        protected Backend createBackend() {
            return RedisBackend.create(Targets.standalone(REDIS.get(), Client.LETTUCE));
        }
    }

    @Nested
    class OnJedis extends ArchiveContract {
        @Override
        protected Backend createBackend() {
            return RedisBackend.create(Targets.standalone(REDIS.get(), Client.JEDIS));
        }
    }
}
