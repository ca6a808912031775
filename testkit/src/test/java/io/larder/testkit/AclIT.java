package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AclIT {

    @RegisterExtension
    static final RedisExtension<RedisStandalone> redis = RedisExtension.acl();

    @Test
    void storageUserWritesAndReadsItsOwnKeys() {
        try (RespClient client = asStorageUser()) {
            assertThat(client.call("SET", "larder:x", "1")).isEqualTo("OK");
            assertThat(client.callString("GET", "larder:x")).isEqualTo("1");
            assertThat(client.callLong("ZADD", "larder:{g}:idx", 1, "m")).isEqualTo(1);
            assertThat(client.callLong("EVAL", "return redis.call('INCR', KEYS[1])", 1, "larder:n")).isEqualTo(1);
        }
    }

    @Test
    void storageUserCannotTouchOtherKeys() {
        try (RespClient client = asStorageUser()) {
            RespException refused = catchThrowableOfType(RespException.class, () -> client.call("SET", "other:x", "1"));

            assertThat(refused.code()).isEqualTo("NOPERM");
        }
    }

    @Test
    void storageUserCannotRunDangerousCommands() {
        try (RespClient client = asStorageUser()) {
            assertThat(catchThrowableOfType(RespException.class, () -> client.call("FLUSHALL")).code()).isEqualTo("NOPERM");
            assertThat(catchThrowableOfType(RespException.class, () -> client.call("KEYS", "*")).code()).isEqualTo("NOPERM");
            assertThat(client.callString("INFO", "server")).contains("redis_version");
        }
    }

    @Test
    void defaultUserNeedsTheAdminPassword() {
        try (RespClient anonymous = RespClient.connect(redis.get().address())) {
            assertThat(catchThrowableOfType(RespException.class, () -> anonymous.call("GET", "larder:x")).code())
                    .isEqualTo("NOAUTH");
        }
        try (RespClient admin = redis.get().client()) {
            assertThat(admin.call("SET", "other:x", "1")).isEqualTo("OK");
        }
    }

    private static RespClient asStorageUser() {
        AclUser user = redis.get().aclUser().orElseThrow();
        return RespClient.connect(redis.get().address()).auth(user.name(), user.password());
    }
}
