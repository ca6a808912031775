package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.RedisClusterGroup;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The slot each driver's link routes a key to is the one Redis Cluster computes, hash tags honoured. */
class SlotTest {

    @ParameterizedTest
    @EnumSource(Client.class)
    void slotsAreRedisClusterSlots(Client client) {
        assertThat(slot(client, "foo")).isEqualTo(12182);
        assertThat(slot(client, "bar")).isEqualTo(5061);
        for (String key : new String[] {"", "{", "{}", "{}x", "a{b}c", "{g1}:r:1", "larder:chat:{123456}:t", "x{}{y}", "{a}{b}",
            "plain", "larder:chat:{%7Bodd%7D}:r:1", "\u00e9\u4e2d"}) {
            assertThat(slot(client, key)).as(key).isEqualTo(RedisClusterGroup.slot(key.getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 2000; i++) {
            String key = "larder:notes:{g" + i + "}:r:" + i;
            assertThat(slot(client, key)).as(key).isEqualTo(RedisClusterGroup.slot(key));
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void everyKeyOfAPartitionSharesItsSlot(Client client) {
        assertThat(slot(client, "larder:chat:{123456}:r:01JDX")).isEqualTo(slot(client, "larder:chat:{123456}:t"))
                .isEqualTo(slot(client, "larder:chat:{123456}:i:sender_id:42")).isEqualTo(slot(client, "123456"));
    }

    private static int slot(Client client, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return client == Client.JEDIS ? JedisNodeLink.slotOf(bytes) : LettuceNodeLink.slotOf(bytes);
    }
}
