package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PasswordIT {

    @RegisterExtension
    static final RedisExtension<RedisStandalone> redis = RedisExtension.password("s3cret pass");

    @Test
    void refusesCommandsWithoutThePassword() {
        try (RespClient client = RespClient.connect(redis.get().address())) {
            RespException refused = catchThrowableOfType(RespException.class, () -> client.call("GET", "larder:x"));

            assertThat(refused.code()).isEqualTo("NOAUTH");
        }
    }

    @Test
    void acceptsCommandsWithThePassword(RedisStandalone server) {
        try (RespClient client = RespClient.connect(server.address()).auth("s3cret pass")) {
            assertThat(client.call("SET", "larder:x", "1")).isEqualTo("OK");
        }
        assertThat(server.password()).contains("s3cret pass");
    }

    @Test
    void refusesAWrongPassword() {
        try (RespClient client = RespClient.connect(redis.get().address())) {
            RespException refused = catchThrowableOfType(RespException.class, () -> client.auth("wrong"));

            assertThat(refused.code()).isIn("WRONGPASS", "ERR");
        }
    }
}
