package io.larder.chat;

import io.larder.Larder;
import io.larder.redis.RedisBackend;
import io.larder.spi.BackendSettings;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat archive's contract on one standalone Redis: the long-term modes (forever, forever by
 * month) run on the archive layout, which they use by default; the capped and expiring modes on
 * the records layout.
 */
class ArchiveChatContractIT extends ChatArchiveContract {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().flushBeforeEach();

    @Override
    protected Larder.Builder newLarder() {
        BackendSettings s = BackendSettings.defaults().withType(BackendSettings.Type.REDIS)
                .withAddress(REDIS.get().host(), REDIS.get().port())
                .withTimeouts(new BackendSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)));
        return Larder.builder().backend(RedisBackend.create(s));
    }

    /** Redis expires records by its own clock: the contract's expiry behaviour runs on the real one. */
    @Override
    protected boolean expiresByTheServersClock() {
        return true;
    }
}
