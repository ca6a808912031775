package io.larder.serialization;

import static io.larder.serialization.Fixtures.codec;
import static io.larder.serialization.Fixtures.encoding;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Codec;
import io.larder.Compression;
import io.larder.Encoding;
import io.larder.serialization.Fixtures.Msg;
import io.larder.spi.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Compression applies at or above the threshold and only where it shrinks the stored value. */
class CompressionPolicyTest {
    static final Msg SMALL = new Msg("s", "你好", 1L);
    static final Msg REPETITIVE = new Msg("r", "群里的消息经常重复。".repeat(100), 2L);

    @ParameterizedTest
    @CsvSource({"JSON, LZ4", "JSON, GZIP", "MSGPACK, LZ4", "MSGPACK, GZIP"})
    void valuesBelowTheThresholdAreNotCompressed(Codec codec, Compression compression) {
        byte[] stored = codec(Msg.class, encoding(codec, compression, 512, 0)).encode(SMALL);

        assertThat(ValueFrame.read(stored).compression()).isEqualTo(Compression.NONE);
        if (codec == Codec.JSON) {
            assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"s\",\"text\":\"你好\",\"ts\":1}");
        }
    }

    @ParameterizedTest
    @CsvSource({"JSON, LZ4", "JSON, GZIP", "MSGPACK, LZ4", "MSGPACK, GZIP"})
    void theThresholdItselfIsCompressed(Codec codec, Compression compression) {
        int raw = rawLength(codec, REPETITIVE);

        byte[] atThreshold = codec(Msg.class, encoding(codec, compression, raw, 0)).encode(REPETITIVE);
        byte[] belowThreshold = codec(Msg.class, encoding(codec, compression, raw + 1, 0)).encode(REPETITIVE);

        assertThat(ValueFrame.read(atThreshold).compression()).isEqualTo(compression);
        assertThat(atThreshold.length).isLessThan(raw / 4);
        assertThat(ValueFrame.read(belowThreshold).compression()).isEqualTo(Compression.NONE);
    }

    @ParameterizedTest
    @CsvSource({"JSON, LZ4", "JSON, GZIP", "MSGPACK, LZ4", "MSGPACK, GZIP"})
    void valuesCompressionWouldGrowAreStoredUncompressed(Codec codec, Compression compression) {
        RecordCodec<Msg> subject = codec(Msg.class, encoding(codec, compression, 0, 0));

        byte[] stored = subject.encode(SMALL);

        assertThat(ValueFrame.read(stored).compression()).isEqualTo(Compression.NONE);
        assertThat(ValueFrame.read(stored).plain()).isEqualTo(codec == Codec.JSON);
        assertThat(subject.decode(stored)).isEqualTo(SMALL);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void textWithoutRepeatsIsStoredUncompressedUnderLz4(Codec codec) {
        // LZ4 finds no repeats in random characters; gzip would still gain from entropy coding
        Random random = new Random(3);
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            noise.appendCodePoint(0x4E00 + random.nextInt(20_000));
        }
        Msg incompressible = new Msg("n", noise.toString(), 3L);
        RecordCodec<Msg> subject = codec(Msg.class, encoding(codec, Compression.LZ4, 0, 0));

        byte[] stored = subject.encode(incompressible);

        assertThat(ValueFrame.read(stored).compression()).isEqualTo(Compression.NONE);
        assertThat(ValueFrame.read(stored).plain()).isEqualTo(codec == Codec.JSON);
        assertThat(subject.decode(stored)).isEqualTo(incompressible);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void sizesReportRawAndStoredLengthsOfEveryEncode(Codec codec) {
        for (Compression compression : Compression.values()) {
            List<int[]> seen = new ArrayList<>();
            Encoding encoding = encoding(codec, compression, 64, 0);
            RecordCodec<Msg> subject = codec(Msg.class, encoding, (raw, stored) -> seen.add(new int[] {raw, stored}));

            byte[] small = subject.encode(SMALL);
            byte[] large = subject.encode(REPETITIVE);

            int smallRaw = rawLength(codec, SMALL);
            int largeRaw = rawLength(codec, REPETITIVE);
            assertThat(seen).containsExactly(new int[] {smallRaw, small.length}, new int[] {largeRaw, large.length});
            assertThat(small.length).isEqualTo(codec == Codec.JSON ? smallRaw : smallRaw + 5);
            if (compression != Compression.NONE) {
                assertThat(large.length).isLessThan(largeRaw / 4);
            }
        }
    }

    /** The length of the record's encoding before framing and compression. */
    private static int rawLength(Codec codec, Msg msg) {
        byte[] plain = codec(Msg.class, encoding(codec, Compression.NONE, 0, 0)).encode(msg);
        return codec == Codec.JSON ? plain.length : plain.length - 5;
    }
}
