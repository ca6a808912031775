package io.larder.tck;

import io.larder.ConfigurationException;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.spi.CodecProvider;
import io.larder.spi.RecordCodec;
import io.larder.spi.ValueSizes;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The contract's codecs: the ones on the class path, except that a test may have the next
 * record its thread saves stored as bytes of its choosing. The bytes take the adapter's own
 * write path, as bytes another writer put under the key would lie there, on every adapter.
 * Thread-safe.
 */
final class PlantedBytes implements CodecProvider {
    private final CodecProvider real;
    private final ThreadLocal<byte[]> next = new ThreadLocal<>();

    PlantedBytes() {
        Iterator<CodecProvider> found = ServiceLoader.load(CodecProvider.class).iterator();
        if (!found.hasNext()) {
            throw new ConfigurationException("no codec provider on the class path: add the io.larder:serialization module");
        }
        this.real = found.next();
    }

    /** Runs {@code save} with every record it encodes on this thread stored as {@code bytes}. */
    <R> R storing(byte[] bytes, Supplier<R> save) {
        next.set(bytes);
        try {
            return save.get();
        } finally {
            next.remove();
        }
    }

    @Override
    public <T> RecordCodec<T> codec(Class<T> type, Encoding encoding, DataSize maxValueSize, ValueSizes sizes) {
        RecordCodec<T> codec = real.codec(type, encoding, maxValueSize, sizes);
        return new RecordCodec<>() {
            @Override
            public byte[] encode(T record) {
                byte[] planted = next.get();
                return planted != null ? planted.clone() : codec.encode(record);
            }

            @Override
            public T decode(byte[] bytes) {
                return codec.decode(bytes);
            }
        };
    }
}
