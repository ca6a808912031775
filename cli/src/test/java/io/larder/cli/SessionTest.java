package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.config.LarderYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long a stop waits for a call to the storage: the configured command timeout, retried or not; nothing for memory. */
class SessionTest {
    @TempDir
    Path dir;

    @Test
    void aRedisCallRetriedOnTimeoutMayTakeTwiceItsCommandTimeout() {
        assertThat(Session.longestCall(redis("timeouts: { command: 3s }"))).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aRedisCallNotRetriedMayTakeItsCommandTimeout() {
        assertThat(Session.longestCall(redis("timeouts: { command: 3s }, retry-on-timeout: false"))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aMemoryCallIsNeverWaitedFor() {
        assertThat(Session.longestCall(new ConfigChoice(null, null, dir, n -> null).settings())).isEqualTo(Duration.ZERO);
    }

    private io.larder.config.LarderSettings redis(String more) {
        Path file = Cli.write(dir.resolve("redis.yaml"), List.of("larder:",
                "  backend: { type: redis, host: 127.0.0.1, port: 6379, " + more + " }"));
        return LarderYaml.parse(file, null);
    }
}
