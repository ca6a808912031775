package io.larder.spi;

/** Turns records into stored bytes and back. Thread-safe. */
public interface RecordCodec<T> {

    /** The stored form of {@code record}, including any frame header and compression. */
    byte[] encode(T record);

    /**
     * The record stored as {@code bytes}, whatever codec and compression wrote it.
     *
     * @throws IllegalArgumentException (or any runtime exception) when the bytes are not a value it can read;
     *     the core reports it as a {@link io.larder.CorruptRecordException} naming the key
     */
    T decode(byte[] bytes);
}
