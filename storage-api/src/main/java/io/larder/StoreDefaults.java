package io.larder;

import java.time.Duration;
import java.util.Objects;

/**
 * What a store takes when its spec leaves a setting unset.
 *
 * @param keyPrefix the prefix of every backend key ({@code larder:})
 * @param encoding the encoding
 * @param expiry the expiry policy
 * @param batchSize records per pipelined chunk of a batch
 * @param maxPipeline the most commands in flight in one pipeline
 * @param maxValueSize the largest encoded value accepted
 * @param slowOperation operations slower than this are logged
 */
public record StoreDefaults(String keyPrefix, Encoding encoding, Expiry expiry, int batchSize, int maxPipeline,
                            DataSize maxValueSize, Duration slowOperation) {
    /** Checks every part. */
    public StoreDefaults {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(maxValueSize, "maxValueSize");
        Objects.requireNonNull(slowOperation, "slowOperation");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (maxPipeline < batchSize) {
            throw new IllegalArgumentException("max pipeline (" + maxPipeline + ") must be at least the batch size (" + batchSize + ")");
        }
    }

    /** Prefix {@code larder:}, JSON with LZ4 above 512 B, no expiry, batches of 100, pipelines up to 1000, 16 MB values, 100 ms slow. */
    public static StoreDefaults standard() {
        return new StoreDefaults("larder:", Encoding.defaults(), Expiry.none(), 100, 1000,
                DataSize.parse("16MB"), Duration.ofMillis(100));
    }
}
