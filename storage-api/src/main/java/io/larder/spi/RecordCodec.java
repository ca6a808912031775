package io.larder.spi;

/** Turns records into stored bytes and back, within the store's largest value size. Thread-safe. */
public interface RecordCodec<T> {

    /**
     * The stored form of {@code record}, including any frame header and compression.
     *
     * @throws io.larder.RecordTooLargeException when the record encodes to more than the largest
     *     value size before compression (its key names the record type; the core names the record)
     */
    byte[] encode(T record);

    /**
     * The record stored as {@code bytes}, whatever codec and compression wrote it. A value that
     * declares or decompresses to more than the largest value size is refused before it is
     * decompressed in full.
     *
     * @throws IllegalArgumentException (or any runtime exception) when the bytes are not a value it can read;
     *     the core reports it as a {@link io.larder.CorruptRecordException} naming the key
     */
    T decode(byte[] bytes);
}
