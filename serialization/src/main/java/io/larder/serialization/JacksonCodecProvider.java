package io.larder.serialization;

import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.spi.CodecProvider;
import io.larder.spi.RecordCodec;
import io.larder.spi.ValueSizes;
import java.util.Objects;

/**
 * Makes codecs that write records as Jackson JSON or MessagePack, compressed with LZ4 or gzip
 * above the encoding's threshold, inside the frame {@link ValueFrame} describes. Every codec
 * reads every form the frame can name, whatever encoding it was made with, so a store can
 * change codec, compression or schema version without losing its old records.
 *
 * <p>Registered for {@link java.util.ServiceLoader} under {@link CodecProvider}. Stateless and
 * thread-safe; the codecs it makes are thread-safe too.
 */
public final class JacksonCodecProvider implements CodecProvider {

    /** The instance {@link java.util.ServiceLoader} makes. */
    public JacksonCodecProvider() {
        // stateless: the configured mappers are shared by every codec
    }

    @Override
    public <T> RecordCodec<T> codec(Class<T> type, Encoding encoding, DataSize maxValueSize, ValueSizes sizes) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(maxValueSize, "maxValueSize");
        Objects.requireNonNull(sizes, "sizes");
        return new FramedRecordCodec<>(type, encoding, maxValueSize, sizes);
    }
}
