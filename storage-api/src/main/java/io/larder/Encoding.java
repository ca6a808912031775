package io.larder;

import java.util.Objects;

/**
 * How a store writes values: codec, compression, the size above which compression applies,
 * and the schema version stamped on each value so readers can tell old records from new.
 *
 * @param codec the record format
 * @param compression the compression applied above the threshold
 * @param threshold values whose encoded size is at least this are compressed
 * @param schemaVersion the application's schema version of the record type, 0 to 255
 */
public record Encoding(Codec codec, Compression compression, DataSize threshold, int schemaVersion) {
    /** Checks every part. */
    public Encoding {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(threshold, "threshold");
        if (schemaVersion < 0 || schemaVersion > 255) {
            throw new IllegalArgumentException("schema version must be 0..255, got " + schemaVersion);
        }
    }

    /** The default: JSON, LZ4 above 512 bytes, schema version 0. */
    public static Encoding defaults() {
        return new Encoding(Codec.JSON, Compression.LZ4, DataSize.ofBytes(512), 0);
    }

    /** This encoding with another codec. */
    public Encoding withCodec(Codec c) {
        return new Encoding(c, compression, threshold, schemaVersion);
    }

    /** This encoding with another compression and threshold. */
    public Encoding withCompression(Compression c, DataSize above) {
        return new Encoding(codec, c, above, schemaVersion);
    }

    /** This encoding with another schema version. */
    public Encoding withSchemaVersion(int version) {
        return new Encoding(codec, compression, threshold, version);
    }
}
