package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.testkit.RedisClusterGroup;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The slot of a key is the one Redis Cluster computes, hash tags honoured. */
class SlotHashTest {

    @Test
    void slotsAreRedisClusterSlots() {
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("bar")).isEqualTo(5061);
        for (String key : new String[] {"", "{", "{}", "{}x", "a{b}c", "{g1}:r:1", "larder:chat:{123456}:t", "x{}{y}", "{a}{b}",
            "plain", "larder:chat:{%7Bodd%7D}:r:1", "\u00e9\u4e2d"}) {
            assertThat(slot(key)).as(key).isEqualTo(RedisClusterGroup.slot(key.getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 2000; i++) {
            String key = "larder:notes:{g" + i + "}:r:" + i;
            assertThat(slot(key)).as(key).isEqualTo(RedisClusterGroup.slot(key));
        }
    }

    @Test
    void everyKeyOfAPartitionSharesItsSlot() {
        assertThat(slot("larder:chat:{123456}:r:01JDX")).isEqualTo(slot("larder:chat:{123456}:t"))
                .isEqualTo(slot("larder:chat:{123456}:i:sender_id:42")).isEqualTo(slot("123456"));
    }

    private static int slot(String key) {
        return SlotHash.slot(key.getBytes(StandardCharsets.UTF_8));
    }
}
