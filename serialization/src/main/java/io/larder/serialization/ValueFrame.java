package io.larder.serialization;

import io.larder.Codec;
import io.larder.Compression;
import java.util.Objects;

/**
 * What the header of a stored value says: its codec, compression, schema version and the
 * length of the encoded record before compression. The byte layout is specified in
 * {@code serialization/FORMAT.md}; in short, a value is either a plain UTF-8 JSON document
 * (codec JSON, no compression, schema version 0) or starts with {@link #MAGIC}:
 *
 * <pre>
 * offset 0  magic 0xC1
 *        1  frame version (1)
 *        2  codec id: 1 JSON, 2 MessagePack
 *        3  compression id: 0 none, 1 LZ4 block, 2 gzip member
 *        4  schema version, unsigned
 *        5  (compressed only) uncompressed length, uint32 big-endian
 * then the payload
 * </pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param codec the format of the encoded record
 * @param compression how the payload is compressed
 * @param schemaVersion the schema version the writer stamped, 0 to 255
 * @param headerLength bytes before the payload: 0 for plain JSON, 5 uncompressed, 9 compressed
 * @param rawLength length of the encoded record before compression (as declared, for a compressed value)
 */
public record ValueFrame(Codec codec, Compression compression, int schemaVersion, int headerLength, int rawLength) {

    /**
     * First byte of every framed value. {@code 0xC1} never occurs in UTF-8 text (so no JSON
     * document, with or without a byte-order mark, starts with it) and is the one byte
     * MessagePack leaves unused, so a framed value is told apart from a bare MessagePack value too.
     */
    public static final int MAGIC = 0xC1;
    /** The frame version this module writes and reads. */
    public static final int VERSION = 1;
    /** The largest uncompressed length a compressed value may declare (256 MiB); larger ones are refused unread. */
    public static final int MAX_RAW_LENGTH = 256 * 1024 * 1024;

    static final int HEADER_LENGTH = 5;
    static final int COMPRESSED_HEADER_LENGTH = 9;

    /** Checks every part. */
    public ValueFrame {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(compression, "compression");
        if (schemaVersion < 0 || schemaVersion > 255 || headerLength < 0 || rawLength < 0) {
            throw new IllegalArgumentException("not a frame: schema version " + schemaVersion + ", header "
                    + headerLength + " bytes, raw " + rawLength + " bytes");
        }
    }

    /**
     * Reads the header of {@code stored} without decoding the payload.
     *
     * @throws IllegalArgumentException when the bytes are empty, truncated, or name a magic,
     *     version, codec or compression this reader does not know
     */
    public static ValueFrame read(byte[] stored) {
        if (stored.length == 0) {
            throw new IllegalArgumentException("empty value: 0 bytes");
        }
        int first = stored[0] & 0xFF;
        if (first != MAGIC) {
            if (!startsJson(first)) {
                throw new IllegalArgumentException(String.format(
                        "unknown format: first byte 0x%02X is neither the frame magic 0xC1 nor the start of a JSON document", first));
            }
            return new ValueFrame(Codec.JSON, Compression.NONE, 0, 0, stored.length);
        }
        if (stored.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("truncated frame: " + stored.length + " bytes, a header needs " + HEADER_LENGTH);
        }
        int version = stored[1] & 0xFF;
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown frame version " + version + " (this reader knows " + VERSION + ")");
        }
        Codec codec = codec(stored[2] & 0xFF);
        Compression compression = compression(stored[3] & 0xFF);
        int schema = stored[4] & 0xFF;
        if (compression == Compression.NONE) {
            return new ValueFrame(codec, compression, schema, HEADER_LENGTH, stored.length - HEADER_LENGTH);
        }
        if (stored.length < COMPRESSED_HEADER_LENGTH) {
            throw new IllegalArgumentException("truncated frame: " + stored.length + " bytes, a compressed header needs "
                    + COMPRESSED_HEADER_LENGTH);
        }
        long declared = ((stored[5] & 0xFFL) << 24) | ((stored[6] & 0xFFL) << 16) | ((stored[7] & 0xFFL) << 8) | (stored[8] & 0xFFL);
        if (declared > MAX_RAW_LENGTH) {
            throw new IllegalArgumentException("declared uncompressed length " + declared + " exceeds the limit " + MAX_RAW_LENGTH);
        }
        return new ValueFrame(codec, compression, schema, COMPRESSED_HEADER_LENGTH, (int) declared);
    }

    /** Whether the value is a plain JSON document with no header. */
    public boolean plain() {
        return headerLength == 0;
    }

    /** Writes the header for these parts at the start of {@code dst}; returns its length. */
    static int write(byte[] dst, Codec codec, Compression compression, int schemaVersion, int rawLength) {
        dst[0] = (byte) MAGIC;
        dst[1] = VERSION;
        dst[2] = (byte) (codec == Codec.JSON ? 1 : 2);
        dst[3] = (byte) switch (compression) {
            case NONE -> 0;
            case LZ4 -> 1;
            case GZIP -> 2;
        };
        dst[4] = (byte) schemaVersion;
        if (compression == Compression.NONE) {
            return HEADER_LENGTH;
        }
        dst[5] = (byte) (rawLength >>> 24);
        dst[6] = (byte) (rawLength >>> 16);
        dst[7] = (byte) (rawLength >>> 8);
        dst[8] = (byte) rawLength;
        return COMPRESSED_HEADER_LENGTH;
    }

    private static Codec codec(int id) {
        return switch (id) {
            case 1 -> Codec.JSON;
            case 2 -> Codec.MSGPACK;
            default -> throw new IllegalArgumentException("unknown codec id " + id + " (known: 1 JSON, 2 MessagePack)");
        };
    }

    private static Compression compression(int id) {
        return switch (id) {
            case 0 -> Compression.NONE;
            case 1 -> Compression.LZ4;
            case 2 -> Compression.GZIP;
            default -> throw new IllegalArgumentException("unknown compression id " + id + " (known: 0 none, 1 LZ4, 2 gzip)");
        };
    }

    // RFC 8259 text in UTF-8: whitespace, a value's first character, or the UTF-8 byte-order mark.
    private static boolean startsJson(int b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '{' || b == '[' || b == '"' || b == '-'
                || (b >= '0' && b <= '9') || b == 't' || b == 'f' || b == 'n' || b == 0xEF;
    }
}
