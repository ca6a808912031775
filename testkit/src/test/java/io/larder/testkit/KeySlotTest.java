package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeySlotTest {

    @Test
    void crc16MatchesTheClusterSpecificationCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(KeySlot.crc16(check, 0, check.length)).isEqualTo(0x31C3);
    }

    @Test
    void knownKeysLandInTheirDocumentedSlots() {
        assertThat(RedisClusterGroup.slot("foo")).isEqualTo(12182);
        assertThat(RedisClusterGroup.slot("bar")).isEqualTo(5061);
    }

    @Test
    void hashTagDecidesTheSlot() {
        assertThat(RedisClusterGroup.slot("{user1000}.following")).isEqualTo(RedisClusterGroup.slot("user1000"));
        assertThat(RedisClusterGroup.slot("foo{bar}{zap}")).isEqualTo(RedisClusterGroup.slot("bar"));
    }

    @Test
    void emptyOrUnclosedHashTagHashesTheWholeKey() {
        assertThat(RedisClusterGroup.slot("foo{}{bar}")).isEqualTo(KeySlot.crc16(bytes("foo{}{bar}"), 0, 10) & 16383);
        assertThat(RedisClusterGroup.slot("foo{bar")).isEqualTo(KeySlot.crc16(bytes("foo{bar"), 0, 7) & 16383);
        assertThat(RedisClusterGroup.slot("foo{{bar}}zap")).isEqualTo(RedisClusterGroup.slot("{bar"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
