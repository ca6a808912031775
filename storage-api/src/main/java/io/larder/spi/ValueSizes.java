package io.larder.spi;

/** Receives the size of each encoded value, before and after compression (for metrics). */
@FunctionalInterface
public interface ValueSizes {
    /** Ignores sizes. */
    ValueSizes IGNORE = (raw, stored) -> { };

    /** A value of {@code rawBytes} was stored as {@code storedBytes}. */
    void record(int rawBytes, int storedBytes);
}
