package io.larder.serialization;

import static io.larder.serialization.Fixtures.codec;
import static io.larder.serialization.Fixtures.encoding;
import static io.larder.serialization.Fixtures.hex;
import static io.larder.serialization.Fixtures.mapCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.larder.Codec;
import io.larder.Compression;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.RecordTooLargeException;
import io.larder.serialization.Fixtures.Msg;
import io.larder.spi.RecordCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bytes a codec cannot read raise {@link IllegalArgumentException} with the reason, never
 * another exception, an {@link OutOfMemoryError} or a hang (the timeout guards against one).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DamagedValueTest {
    static final RecordCodec<Msg> READER = codec(Msg.class, Encoding.defaults());

    @Test
    void emptyBytesAreRefused() {
        assertRefused(new byte[0], "empty value: 0 bytes");
    }

    @ParameterizedTest
    @CsvSource({
        "07,                   unknown format: first byte 0x07 is neither the frame magic 0xC1 nor the start of a JSON document",
        "00c101,               unknown format: first byte 0x00",
        "fffe7b00,             unknown format: first byte 0xFF",
        "c1,                   'truncated frame: 1 bytes, a header needs 5'",
        "c10101,               'truncated frame: 3 bytes, a header needs 5'",
        "c101010100000000,     'truncated frame: 8 bytes, a compressed header needs 9'",
        "c107010000,           unknown frame version 7 (this reader knows 1)",
        "c10109000000,         'unknown codec id 9 (known: 1 JSON, 2 MessagePack)'",
        "c10100000000,         'unknown codec id 0 (known: 1 JSON, 2 MessagePack)'",
        "c10101050000,         'unknown compression id 5 (known: 0 none, 1 LZ4, 2 gzip)'",
    })
    void damagedHeadersAreRefusedWithTheReason(String bytes, String reason) {
        assertRefused(hex(bytes), reason);
    }

    @Test
    void aDecompressionBombIsRefusedBeforeAllocating() {
        byte[] twoGib = hex("c101010100", "80000000", "1f00010000");
        byte[] limitPlusOne = hex("c101020200", "10000001", "1f8b08000000000000ff");
        byte[] underLimitButImpossible = hex("c101010100", "0c800000", "ff00000000000000");

        assertRefused(twoGib, "declared uncompressed length 2147483648 exceeds the limit 268435456");
        assertRefused(limitPlusOne, "declared uncompressed length 268435457 exceeds the limit 268435456");
        assertRefused(underLimitButImpossible, "declared length 209715200 but an lz4 block of 8 bytes cannot hold that many");
        assertRefused(hex("c101010200", "0c800000", "1f8b08000000000000ff"),
                "declared length 209715200 but a gzip member of 10 bytes cannot hold that many");
    }

    @Test
    void aGzipBombOfSpacesIsRefusedAtTheStoresLimitWithoutInflatingIt() {
        byte[] bomb = gzipFrame(SPACES_250_MIB, SPACES_250_MIB);
        assertThat(bomb.length).as("a value of about 250 KB").isBetween(200_000, 300_000);
        RecordCodec<Msg> store = codec(Msg.class, Encoding.defaults(), DataSize.parse("16MB"));

        assertThatIllegalArgumentException().isThrownBy(() -> store.decode(bomb))
                .withMessage("declared uncompressed length 262144000 exceeds the store's max-value-size of 16777216 bytes");
    }

    @Test
    void aGzipMemberThatInflatesPastItsDeclaredLengthIsRefusedThere() {
        // declares a length under the limit and holds 250 MiB: inflating stops at the declared length
        byte[] liar = gzipFrame(1000, SPACES_250_MIB);
        byte[] sixteenMegabyteLiar = gzipFrame(16 << 20, SPACES_250_MIB);
        RecordCodec<Msg> store = codec(Msg.class, Encoding.defaults(), DataSize.parse("16MB"));

        assertThatIllegalArgumentException().isThrownBy(() -> store.decode(liar))
                .withMessage("declared length 1000 but the gzip member holds more");
        assertThatIllegalArgumentException().isThrownBy(() -> store.decode(sixteenMegabyteLiar))
                .withMessage("declared length 16777216 but the gzip member holds more");
    }

    @Test
    void aGzipMemberFollowedByAnyByteIsRefused() {
        byte[] golden = GoldenBytesTest.JSON_GZIP;
        byte[] member = Arrays.copyOfRange(golden, 9, golden.length);

        assertRefused(hex(hex(golden), "00"), "1 bytes follow the gzip member; a value holds one member");
        assertRefused(hex(hex(golden), "68656c6c6f"), "5 bytes follow the gzip member");
        assertRefused(hex(hex(golden), hex(member)), member.length + " bytes follow the gzip member");
    }

    @Test
    void gzipHeadersWithOptionalFieldsAreReadAndDamagedOnesRefused() {
        byte[] golden = GoldenBytesTest.JSON_GZIP;
        String deflateAndTrailer = hex(Arrays.copyOfRange(golden, 19, golden.length));
        String frame = hex(Arrays.copyOfRange(golden, 0, 9));
        // FNAME "m.json", FCOMMENT "hi", FEXTRA of 3 bytes, as gzip(1) and other writers may set them
        byte[] named = hex(frame, "1f8b081c0000000000ff", "0300616263", "6d2e6a736f6e00", "686900", deflateAndTrailer);

        assertThat(READER.decode(named)).isEqualTo(Fixtures.GOLDEN);
        assertRefused(hex(frame, "1f8b08080000000000ff", "6d2e6a736f6e"), "gzip member damaged: its header is cut short");
        assertRefused(hex(frame, "1f8b08200000000000ff", deflateAndTrailer), "reserved header flags are set");
        assertRefused(hex(frame, "1f8b07000000000000ff", deflateAndTrailer), "compression method 7 is not deflate");
    }

    @Test
    void anLz4BlockDeclaringMoreThanTheStoresLimitIsRefusedUnread() {
        Msg large = new Msg("m1", "x".repeat(4096), 1);
        byte[] stored = codec(Msg.class, encoding(Codec.JSON, Compression.LZ4, 0, 0)).encode(large);
        RecordCodec<Msg> small = codec(Msg.class, Encoding.defaults(), DataSize.ofBytes(1024));

        assertThatIllegalArgumentException().isThrownBy(() -> small.decode(stored))
                .withMessage("declared uncompressed length 4124 exceeds the store's max-value-size of 1024 bytes");
    }

    @Test
    void aRecordLargerThanTheLimitBeforeCompressionIsNotWrittenThoughItWouldShrinkUnderIt() {
        Msg large = new Msg("m1", "x".repeat(4096), 1);
        RecordCodec<Msg> small = codec(Msg.class, encoding(Codec.JSON, Compression.LZ4, 0, 0), DataSize.ofBytes(1024));

        assertThatThrownBy(() -> small.encode(large)).isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("encodes to 4124 bytes, over the limit of 1024 bytes");
    }

    @Test
    void damagedLz4BlocksAreRefused() {
        byte[] golden = GoldenBytesTest.JSON_LZ4;
        byte[] farOffset = golden.clone();
        farOffset[golden.length - 25] = (byte) 0xFF; // a match offset pointing before the output
        farOffset[golden.length - 24] = (byte) 0xFF;

        assertRefused(farOffset, "lz4 block damaged");
        assertRefused(Arrays.copyOf(golden, golden.length - 6), "lz4 block damaged");
        assertRefused(withDeclaredLength(golden, 0x6F), "lz4 block damaged");
        assertRefused(withDeclaredLength(golden, 0x71), "declared length 113 but the lz4 block holds 112 bytes");
    }

    @Test
    void damagedGzipMembersAreRefused() {
        byte[] golden = GoldenBytesTest.JSON_GZIP;
        byte[] flippedBody = golden.clone();
        flippedBody[30] ^= 0x55;
        byte[] wrongCrc = golden.clone();
        wrongCrc[golden.length - 6] ^= 1;
        byte[] notGzip = golden.clone();
        notGzip[9] = 0x1E;

        assertRefused(flippedBody, "gzip member damaged");
        assertRefused(wrongCrc, "gzip member damaged: Corrupt GZIP trailer");
        assertRefused(notGzip, "gzip member damaged: Not in GZIP format");
        assertRefused(Arrays.copyOf(golden, golden.length - 4), "gzip member damaged");
        assertRefused(withDeclaredLength(golden, 0x71), "declared length 113 but the gzip member holds 112 bytes");
        assertRefused(withDeclaredLength(golden, 0x6F), "declared length 111 but the gzip member holds more");
    }

    @Test
    void jsonThatIsNotTheTypeIsRefused() {
        assertRefused(utf8("{\"id\":\"m1\",\"ts\":\"yesterday\"}"), "JSON payload is not a valid Msg: Cannot deserialize value of type `long`");
        assertRefused(utf8("[\"m1\",\"text\",1]"), "JSON payload is not a valid Msg");
        assertRefused(utf8("{\"id\":\"m1\",\"text\":\"截断"), "JSON payload is not a valid Msg");
        assertRefused(utf8("{\"id\":\"m1\"} trailing"), "JSON payload is not a valid Msg");
        assertRefused(utf8("null"), "JSON payload is null, not a Msg");
    }

    @Test
    void msgpackThatIsNotTheTypeIsRefused() {
        byte[] golden = GoldenBytesTest.MSGPACK;

        assertRefused(Arrays.copyOf(golden, golden.length - 3), "MessagePack payload is not a valid Msg");
        assertRefused(hex(Fixtures.hex(golden), "00"), "MessagePack payload is not a valid Msg: 1 bytes follow the value");
        assertRefused(hex("c101020000", "93a26d31a17801"), "MessagePack payload is not a valid Msg");
        assertRefused(hex("c101020000", "c0"), "MessagePack payload is null, not a Msg");
        assertRefused(hex("c101020000", "81a174db7fffffff6162"), "Payload declared 2,147,483,647 bytes");
    }

    @Test
    void deeplyNestedValuesAreRefusedRatherThanOverflowingTheStack() {
        byte[] nested = new byte[100_000];
        nested[0] = (byte) 0xC1;
        nested[1] = 1;
        nested[2] = 2;
        for (int i = 5; i + 1 < nested.length; i += 2) {
            nested[i] = (byte) 0x81; // a map of one entry whose key is ""
            nested[i + 1] = (byte) 0xA0;
        }
        RecordCodec<Map<String, Object>> maps = mapCodec(Encoding.defaults());

        assertThatIllegalArgumentException().isThrownBy(() -> maps.decode(nested))
                .withMessageContaining("nesting depth (1001) exceeds the maximum allowed (1000");
        assertThatIllegalArgumentException().isThrownBy(() -> maps.decode(utf8("{\"k\":" + "[".repeat(50_000))))
                .withMessageContaining("nesting depth (1001) exceeds the maximum allowed (1000");
    }

    @Test
    void randomBytesAreRefusedOrReadNeverAnythingElse() {
        Random random = new Random(11);
        RecordCodec<Map<String, Object>> maps = mapCodec(Encoding.defaults());
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length >= 9) {
                // a valid header over random content reaches the decompressors and parsers
                System.arraycopy(hex("c101"), 0, bytes, 0, 2);
                bytes[2] = (byte) (1 + random.nextInt(2));
                bytes[3] = (byte) random.nextInt(3);
                bytes[5] = 0;
                bytes[6] = 0;
            }
            decodeOrRefuse(READER, bytes);
            decodeOrRefuse(maps, bytes);
        }
    }

    @ParameterizedTest
    @CsvSource({"JSON, LZ4", "JSON, GZIP", "MSGPACK, LZ4", "MSGPACK, GZIP", "MSGPACK, NONE"})
    void everyTruncationOfAValueIsRefused(Codec codec, Compression compression) {
        byte[] stored = codec(Msg.class, encoding(codec, compression, 0, 0)).encode(Fixtures.GOLDEN);
        for (int length = 0; length < stored.length; length++) {
            byte[] truncated = Arrays.copyOf(stored, length);
            assertThatIllegalArgumentException().as("%d of %d bytes", length, stored.length)
                    .isThrownBy(() -> READER.decode(truncated));
        }
    }

    /** 250 MiB: a gzip member of this many spaces is about 250 KB. */
    private static final int SPACES_250_MIB = 262_144_000;

    /** A gzip frame declaring {@code declared} bytes whose member holds {@code spaces} spaces, deflated without holding them. */
    private static byte[] gzipFrame(int declared, int spaces) {
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, (byte) ' ');
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        CRC32 crc = new CRC32();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(hex("c101010200"));
        out.writeBytes(new byte[] {(byte) (declared >>> 24), (byte) (declared >>> 16), (byte) (declared >>> 8), (byte) declared});
        out.writeBytes(hex("1f8b08000000000000ff"));
        byte[] packed = new byte[1 << 16];
        for (int left = spaces; left > 0; left -= chunk.length) {
            int n = Math.min(left, chunk.length);
            crc.update(chunk, 0, n);
            deflater.setInput(chunk, 0, n);
            while (!deflater.needsInput()) {
                out.write(packed, 0, deflater.deflate(packed));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(packed, 0, deflater.deflate(packed));
        }
        deflater.end();
        int sum = (int) crc.getValue();
        out.writeBytes(new byte[] {(byte) sum, (byte) (sum >>> 8), (byte) (sum >>> 16), (byte) (sum >>> 24),
            (byte) spaces, (byte) (spaces >>> 8), (byte) (spaces >>> 16), (byte) (spaces >>> 24)});
        return out.toByteArray();
    }

    private static void decodeOrRefuse(RecordCodec<?> codec, byte[] bytes) {
        try {
            assertThat((Object) codec.decode(bytes)).isNotNull();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (RuntimeException | Error e) {
            fail("decoding %s threw %s instead of IllegalArgumentException", hex(bytes), e);
        }
    }

    private static void assertRefused(byte[] bytes, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> READER.decode(bytes)).withMessageContaining(reason);
    }

    private static byte[] withDeclaredLength(byte[] frame, int length) {
        byte[] copy = frame.clone();
        copy[5] = (byte) (length >>> 24);
        copy[6] = (byte) (length >>> 16);
        copy[7] = (byte) (length >>> 8);
        copy[8] = (byte) length;
        return copy;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
