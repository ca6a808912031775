package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StandaloneIT {

    @Test
    void answersPingAndStoresValues() {
        try (RedisStandalone redis = RedisStandalone.start(); RespClient client = RespClient.connect(redis.address())) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            assertThat(client.call("SET", "larder:greeting", "héllo")).isEqualTo("OK");
            assertThat(client.callString("GET", "larder:greeting")).isEqualTo("héllo");
            assertThat(redis.host()).isEqualTo("127.0.0.1");
            assertThat(redis.process().logFile()).exists();
        }
    }

    @Test
    void runsTheLocatedBinary() {
        RedisBinary binary = RedisBinary.locate();
        try (RedisStandalone redis = RedisStandalone.start()) {
            assertThat(redis.process().info("server").get("redis_version")).isEqualTo(binary.version());
        }
    }

    @Test
    void freesItsPortWhenClosed() {
        RedisStandalone redis = RedisStandalone.start();
        int port = redis.port();
        assertThat(FreePorts.isFree(port)).isFalse();

        redis.close();

        assertThat(redis.process().isAlive()).isFalse();
        assertThat(FreePorts.isFree(port)).isTrue();
    }

    @Test
    void appendOnlyDataSurvivesRestartOnTheSamePort() {
        try (RedisStandalone redis = RedisStandalone.builder().persistence(Persistence.AOF).build()) {
            int port = redis.port();
            redis.process().call("SET", "larder:kept", "1");
            assertThat(redis.process().info("persistence").get("aof_enabled")).isEqualTo("1");

            redis.process().restart();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(RespClient.text(redis.process().call("GET", "larder:kept"))).isEqualTo("1");
        }
    }

    @Test
    void killedServerIsGoneAtOnceAndRestarts() {
        try (RedisStandalone redis = RedisStandalone.start()) {
            redis.process().kill();

            assertThat(redis.process().isAlive()).isFalse();
            assertThat(FreePorts.isFree(redis.port())).isTrue();

            redis.process().restart();
            assertThat(redis.process().call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void countsCommandsSinceReset() {
        try (RedisStandalone redis = RedisStandalone.start(); RespClient client = RespClient.connect(redis.address())) {
            redis.process().resetStats();
            for (int i = 0; i < 3; i++) {
                client.call("GET", "larder:absent");
            }

            assertThat(redis.process().commandStats().calls("GET")).isEqualTo(3);
        }
    }
}
