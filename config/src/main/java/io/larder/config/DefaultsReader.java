package io.larder.config;

import static io.larder.config.BackendReader.or;

import io.larder.Codec;
import io.larder.Compression;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.StoreDefaults;
import java.time.Duration;

/** Reads {@code larder.defaults} into {@link StoreDefaults}; keys left out take {@link StoreDefaults#standard()}. Stateless. */
final class DefaultsReader {

    /**
     * The defaults, and the expiry section's parts that stores inherit key by key.
     *
     * @param defaults the typed defaults
     * @param expiry the parts of {@code defaults.expiry}
     */
    record Read(StoreDefaults defaults, ExpiryReader.Parts expiry) {
    }

    private DefaultsReader() {
    }

    static Read read(Section s) {
        StoreDefaults d = StoreDefaults.standard();
        String keyPrefix = or(s.text("key-prefix"), d.keyPrefix());
        Encoding encoding = encoding(s, d.encoding());
        ExpiryReader.Parts expiry = ExpiryReader.read(s.section("expiry"), ExpiryReader.Parts.STANDARD);
        Section batch = s.section("batch");
        Integer size = batch.integer("size", 1, Integer.MAX_VALUE);
        Integer maxPipeline = batch.integer("max-pipeline", 1, Integer.MAX_VALUE);
        int batchSize = or(size, d.batchSize());
        int pipeline = or(maxPipeline, d.maxPipeline());
        if (pipeline < batchSize) {
            batch.problem(maxPipeline != null ? "max-pipeline" : "size", "batch.max-pipeline (" + pipeline
                    + ") must be at least batch.size (" + batchSize + ")");
            batchSize = d.batchSize();
            pipeline = d.maxPipeline();
        }
        DataSize maxValueSize = or(s.size("max-value-size", 1), d.maxValueSize());
        Duration slow = or(s.section("metrics").duration("slow-op-threshold", true), d.slowOperation());
        return new Read(new StoreDefaults(keyPrefix, encoding, expiry.expiry(), batchSize, pipeline, maxValueSize, slow),
                expiry);
    }

    /** Whether a section sets any part of the encoding. */
    static boolean setsEncoding(Section s) {
        return s.has("codec") || s.has("compression") || s.has("schema-version");
    }

    /** {@code base} with what the section's codec, compression and schema-version keys change. */
    static Encoding encoding(Section s, Encoding base) {
        Codec codec = or(s.choice("codec", Codec.class), base.codec());
        Section c = s.section("compression");
        Compression compression = or(c.choice("algorithm", Compression.class), base.compression());
        DataSize threshold = or(c.size("threshold", 0), base.threshold());
        int schemaVersion = or(s.integer("schema-version", 0, 255), base.schemaVersion());
        return new Encoding(codec, compression, threshold, schemaVersion);
    }
}
