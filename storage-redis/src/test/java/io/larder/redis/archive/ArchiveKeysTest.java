package io.larder.redis.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.redis.internal.KeyText;
import org.junit.jupiter.api.Test;

class ArchiveKeysTest {
    @Test
    void theIdHashIsFnv1aOfTheUtf8BytesAsUnsignedDecimal() {
        // the published FNV-1a 32-bit test vectors, and a non-ASCII id (its UTF-8 bytes are hashed)
        assertThat(KeyText.text(ArchiveKeys.idHash(""))).isEqualTo("2166136261");
        assertThat(KeyText.text(ArchiveKeys.idHash("a"))).isEqualTo(Long.toString(0xE40C292CL));
        assertThat(KeyText.text(ArchiveKeys.idHash("foobar"))).isEqualTo(Long.toString(0xBF9CF968L));
        assertThat(KeyText.text(ArchiveKeys.idHash("é"))).isEqualTo(Long.toString(fnv(new int[] {0xC3, 0xA9})));
        assertThat(KeyText.text(ArchiveKeys.idHash("12é"))).isEqualTo(Long.toString(fnv(new int[] {0x31, 0x32, 0xC3, 0xA9})));
    }

    @Test
    void aMetaKeyNamesItsPartition() {
        ArchiveKeys keys = new ArchiveKeys("larder:", "chat");
        assertThat(keys.partitionOfMeta(keys.meta("12{3}"))).isEqualTo("12{3}");
        assertThat(keys.partitionOfMeta("larder:chat:tails")).isNull();
        assertThat(keys.tails()).isEqualTo("larder:chat:tails");
    }

    private static long fnv(int[] bytes) {
        long h = 2166136261L;
        for (int b : bytes) {
            h = ((h ^ b) * 16777619L) & 0xFFFFFFFFL;
        }
        return h;
    }
}
