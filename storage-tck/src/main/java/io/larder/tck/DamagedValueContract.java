package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Codec;
import io.larder.Compression;
import io.larder.CorruptRecordException;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.Query;
import io.larder.RecordTooLargeException;
import io.larder.Storage;
import io.larder.testkit.Note;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Stored bytes that would cost far more to decode than they weigh, or that hold more than a
 * value, are refused as a {@link CorruptRecordException} naming the key, on every adapter, and
 * the records beside them still load. Decoding is bounded by the store's {@code max-value-size}:
 * a compressed value declaring more is refused before anything is inflated, and a gzip member
 * inflates only as far as it declares. (Corrupt rather than {@link RecordTooLargeException}: that
 * one says a write was refused and nothing stored; here the bytes are stored and cannot be read.)
 */
public interface DamagedValueContract extends ContractFixture {

    @Test
    default void aGzipBombIsRefusedAsCorruptNamingItsKeyAndTheRecordsBesideItStillLoad() {
        Storage<Note> notes = notes();
        notes.save(Note.of("ok", "g1", "alice", T0));
        plant(notes, Note.of("bomb", "g1", "alice", T0 + 1), Frames.GZIP_BOMB);

        assertThatThrownBy(() -> notes.load(key("g1", "bomb"))).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("bomb")
                .hasMessageContaining("declared uncompressed length 262144000 exceeds the store's max-value-size");
        assertThatThrownBy(() -> notes.list(Query.in("group", "g1"))).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("bomb");
        assertThat(notes.load(key("g1", "ok"))).isPresent();
    }

    @Test
    default void aGzipMemberThatHoldsMoreThanItDeclaresIsRefusedAsCorrupt() {
        Storage<Note> notes = notes();
        plant(notes, Note.of("liar", "g1", "alice", T0), Frames.declaring(1000, Frames.GZIP_BOMB));

        assertThatThrownBy(() -> notes.load(key("g1", "liar"))).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("liar").hasMessageContaining("declared length 1000 but the gzip member holds more");
    }

    @Test
    default void aGzipValueWithAnyByteAfterItsMemberIsRefusedAsCorrupt() {
        Storage<Note> notes = notes();
        Note note = Note.of("n1", "g1", "alice", T0);
        byte[] json = Frames.json(note);
        byte[] whole = Frames.gzip(json.length, json);
        byte[] trailing = Arrays.copyOf(whole, whole.length + 1);

        plant(notes, note, whole);
        assertThat(notes.load(key("g1", "n1"))).contains(note);
        plant(notes, note, trailing);
        assertThatThrownBy(() -> notes.load(key("g1", "n1"))).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("n1").hasMessageContaining("1 bytes follow the gzip member");
    }

    @Test
    default void anLz4ValueDeclaringMoreThanTheStoresLimitIsRefusedUnread() {
        Storage<Note> notes = larder().store(noteSpec().maxValueSize(DataSize.ofBytes(1024)).build());
        byte[] frame = {(byte) 0xC1, 1, 1, 1, 0, 0, 1, 0, 0, (byte) 0xF0, 0, 0, 0};   // declares 65,536 bytes

        plant(notes, Note.of("n1", "g1", "alice", T0), frame);

        assertThatThrownBy(() -> notes.load(key("g1", "n1"))).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("declared uncompressed length 65536 exceeds the store's max-value-size of 1024 bytes");
    }

    @Test
    default void aRecordLargerThanTheLimitBeforeCompressionIsNotWrittenThoughItWouldShrinkUnderIt() {
        Encoding lz4 = new Encoding(Codec.JSON, Compression.LZ4, DataSize.ofBytes(64), 0);
        Storage<Note> notes = larder().store(noteSpec().encoding(lz4).maxValueSize(DataSize.ofBytes(2048)).build());

        assertThatThrownBy(() -> notes.save(Note.of("n1", "g1", "alice", T0).saying("x".repeat(10_000))))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("n1").hasMessageContaining("2048");

        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    /** Frames built by hand, as another writer would put them under a key. */
    final class Frames {
        /** A frame of about 250 KB declaring 262,144,000 bytes (250 MiB) of spaces, and holding them. */
        static final byte[] GZIP_BOMB = gzipOfSpaces(262_144_000);

        private Frames() {
        }

        /** {@code frame} declaring another uncompressed length. */
        static byte[] declaring(int length, byte[] frame) {
            byte[] copy = frame.clone();
            copy[5] = (byte) (length >>> 24);
            copy[6] = (byte) (length >>> 16);
            copy[7] = (byte) (length >>> 8);
            copy[8] = (byte) length;
            return copy;
        }

        static byte[] json(Note n) {
            String tags = "[\"" + String.join("\",\"", n.tags()) + "\"]";
            return ("{\"id\":\"" + n.id() + "\",\"group\":\"" + n.group() + "\",\"author\":\"" + n.author()
                    + "\",\"kind\":\"" + n.kind() + "\",\"at\":" + n.at() + ",\"expiresAt\":null,\"mood\":\"" + n.mood()
                    + "\",\"text\":\"" + n.text() + "\",\"tags\":" + tags + "}").getBytes(StandardCharsets.UTF_8);
        }

        static byte[] gzip(int declared, byte[] content) {
            ByteArrayOutputStream out = header(declared);
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            deflater.setInput(content);
            deflater.finish();
            byte[] chunk = new byte[1 << 16];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            deflater.end();
            CRC32 crc = new CRC32();
            crc.update(content);
            return trailer(out, (int) crc.getValue(), content.length);
        }

        /** A gzip frame of {@code n} spaces, deflated as they are made: the test never holds them. */
        static byte[] gzipOfSpaces(int n) {
            ByteArrayOutputStream out = header(n);
            byte[] block = new byte[1 << 16];
            Arrays.fill(block, (byte) ' ');
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            CRC32 crc = new CRC32();
            byte[] chunk = new byte[1 << 16];
            for (int left = n; left > 0; left -= block.length) {
                int size = Math.min(left, block.length);
                crc.update(block, 0, size);
                deflater.setInput(block, 0, size);
                while (!deflater.needsInput()) {
                    out.write(chunk, 0, deflater.deflate(chunk));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            deflater.end();
            return trailer(out, (int) crc.getValue(), n);
        }

        /** Larder's frame header (magic, version 1, JSON, gzip, schema 0, declared length) and a gzip header. */
        private static ByteArrayOutputStream header(int declared) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) 0xC1, 1, 1, 2, 0,
                (byte) (declared >>> 24), (byte) (declared >>> 16), (byte) (declared >>> 8), (byte) declared});
            out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
            return out;
        }

        private static byte[] trailer(ByteArrayOutputStream out, int crc, int length) {
            out.writeBytes(new byte[] {(byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24),
                (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)});
            return out.toByteArray();
        }
    }
}
