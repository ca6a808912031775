package io.larder.spi;

import io.larder.DataSize;
import io.larder.Encoding;

/** Makes record codecs; found through {@link java.util.ServiceLoader}. */
public interface CodecProvider {

    /**
     * A codec that writes {@code type} as {@code encoding} says and reads every format the frame
     * can name; it reports each value's size before and after compression to {@code sizes}. No
     * value it writes or reads is larger than {@code maxValueSize}, before or after compression.
     */
    <T> RecordCodec<T> codec(Class<T> type, Encoding encoding, DataSize maxValueSize, ValueSizes sizes);
}
