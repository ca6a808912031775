package io.larder.serialization;

import static io.larder.serialization.Fixtures.GOLDEN;
import static io.larder.serialization.Fixtures.codec;
import static io.larder.serialization.Fixtures.encoding;
import static io.larder.serialization.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.Codec;
import io.larder.Compression;
import io.larder.Encoding;
import io.larder.serialization.Fixtures.Msg;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of every form, pinned: a change here breaks every reader of stored data
 * (and FORMAT.md, which shows the same examples). Each constant must decode back to the record.
 */
class GoldenBytesTest {
    static final byte[] JSON_PLAIN = hex(
            "7b226964223a226d31222c2274657874223a22",
            "e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81",
            "e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81",
            "222c227473223a313730303030303030303030307d");
    static final byte[] JSON_SCHEMA_3 = hex(
            "c101010003",
            "7b226964223a226d31222c2274657874223a22",
            "e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81",
            "e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81",
            "222c227473223a313730303030303030303030307d");
    static final byte[] JSON_LZ4 = hex(
            "c101010100", "00000070",
            "ff107b226964223a226d31222c2274657874223a22e697a9e4b88ae5a5bdefbc81",
            "0c0029005200f00273223a313730303030303030303030307d");
    static final byte[] JSON_GZIP = hex(
            "c101010200", "00000070",
            "1f8b08000000000000ff",
            "ab56ca4c51b252ca3554d2512a49ad2801b29f4d5ff96447d7d3a57bdfef69a4840d32",
            "b158c9cad0dc00016a01",
            "3bb0babd", "70000000");
    static final byte[] MSGPACK = hex(
            "c101020000",
            "83a26964a26d31a474657874d948",
            "e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81",
            "e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81e697a9e4b88ae5a5bdefbc81",
            "a27473cf0000018bcfe56800");
    static final byte[] MSGPACK_LZ4 = hex(
            "c101020100", "00000062",
            "ff0b83a26964a26d31a474657874d948e697a9e4b88ae5a5bdefbc81",
            "0c0029c0a27473cf0000018bcfe56800");
    static final byte[] MSGPACK_GZIP = hex(
            "c101020200", "00000062",
            "1f8b08000000000000ff",
            "6b5e9499b228d77049496a45c94d8f67d3573ed9d1f574e9def77b1a29612f2a293ecf",
            "c0c0d87dfe69060300",
            "83a38a4a", "62000000");

    @Test
    void plainJsonIsExactlyWhatJacksonWrites() throws IOException {
        byte[] stored = encode(Codec.JSON, Compression.NONE, 0);

        assertThat(stored).isEqualTo(JSON_PLAIN).isEqualTo(new ObjectMapper().writeValueAsBytes(GOLDEN));
        assertThat(new String(stored, StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"m1\",\"text\":\"早上好！早上好！早上好！早上好！早上好！早上好！\",\"ts\":1700000000000}");
    }

    @Test
    void jsonWithASchemaVersionIsFramedUncompressed() {
        assertThat(encode(Codec.JSON, Compression.NONE, 3)).isEqualTo(JSON_SCHEMA_3);
    }

    @Test
    void lz4FormsArePinned() {
        assertThat(encode(Codec.JSON, Compression.LZ4, 0)).isEqualTo(JSON_LZ4);
        assertThat(encode(Codec.MSGPACK, Compression.LZ4, 0)).isEqualTo(MSGPACK_LZ4);
    }

    @Test
    void msgpackFormIsPinned() {
        assertThat(encode(Codec.MSGPACK, Compression.NONE, 0)).isEqualTo(MSGPACK);
    }

    /**
     * The frame, the gzip header and trailer are ours and pinned byte for byte. The deflate body
     * between them is zlib's: other builds of it (zlib-ng, for one) may choose other, equally
     * valid bytes, so it is pinned by what it inflates to, and the constants by decoding.
     */
    @Test
    void gzipFormsArePinnedAroundTheDeflateBody() throws IOException {
        assertGzipForm(encode(Codec.JSON, Compression.GZIP, 0), JSON_GZIP, JSON_PLAIN);
        assertGzipForm(encode(Codec.MSGPACK, Compression.GZIP, 0), MSGPACK_GZIP, Arrays.copyOfRange(MSGPACK, 5, MSGPACK.length));
    }

    @Test
    void everyGoldenFormDecodesToTheRecordWhateverTheReadersEncoding() {
        byte[][] forms = {JSON_PLAIN, JSON_SCHEMA_3, JSON_LZ4, JSON_GZIP, MSGPACK, MSGPACK_LZ4, MSGPACK_GZIP};
        for (Encoding reader : Fixtures.everyEncoding()) {
            for (byte[] form : forms) {
                assertThat(codec(Msg.class, reader).decode(form)).as("%s read by %s", hex(form), reader).isEqualTo(GOLDEN);
            }
        }
    }

    @Test
    void goldenFramesDescribeThemselves() {
        assertThat(ValueFrame.read(JSON_PLAIN)).isEqualTo(new ValueFrame(Codec.JSON, Compression.NONE, 0, 0, 112));
        assertThat(ValueFrame.read(JSON_SCHEMA_3)).isEqualTo(new ValueFrame(Codec.JSON, Compression.NONE, 3, 5, 112));
        assertThat(ValueFrame.read(JSON_LZ4)).isEqualTo(new ValueFrame(Codec.JSON, Compression.LZ4, 0, 9, 112));
        assertThat(ValueFrame.read(JSON_GZIP)).isEqualTo(new ValueFrame(Codec.JSON, Compression.GZIP, 0, 9, 112));
        assertThat(ValueFrame.read(MSGPACK)).isEqualTo(new ValueFrame(Codec.MSGPACK, Compression.NONE, 0, 5, 98));
        assertThat(ValueFrame.read(MSGPACK_LZ4)).isEqualTo(new ValueFrame(Codec.MSGPACK, Compression.LZ4, 0, 9, 98));
        assertThat(ValueFrame.read(MSGPACK_GZIP)).isEqualTo(new ValueFrame(Codec.MSGPACK, Compression.GZIP, 0, 9, 98));
    }

    private static byte[] encode(Codec codec, Compression compression, int schemaVersion) {
        return codec(Msg.class, encoding(codec, compression, 0, schemaVersion)).encode(GOLDEN);
    }

    private static void assertGzipForm(byte[] stored, byte[] golden, byte[] raw) throws IOException {
        int head = 9 + 10;
        assertThat(Arrays.copyOfRange(stored, 0, head)).isEqualTo(Arrays.copyOfRange(golden, 0, head));
        assertThat(Arrays.copyOfRange(stored, stored.length - 8, stored.length))
                .isEqualTo(Arrays.copyOfRange(golden, golden.length - 8, golden.length));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored, 9, stored.length - 9))) {
            assertThat(in.readAllBytes()).isEqualTo(raw);
        }
    }
}
