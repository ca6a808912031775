package io.larder.cli;

import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServeKillIT}'s kill on a real Redis, the chat archive in its default archive layout. */
class ServeRedisKillIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();

    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void everyAcknowledgedEventSurvivesAKill() {
        REDIS.get().flushAll();
        Path config = Cli.write(data.resolve("larder.yaml"), List.of(
                "larder:",
                "  backend: { type: redis, host: " + REDIS.get().host() + ", port: " + REDIS.get().port() + " }"));
        new ServeScenario(data, logs).stopMidStreamThenResend(List.of("--config", config.toString()), true);
    }
}
