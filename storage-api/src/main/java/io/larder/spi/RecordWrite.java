package io.larder.spi;

import io.larder.Key;
import io.larder.Query;
import io.larder.Version;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One record to write, with everything the adapter needs already computed by the core.
 *
 * @param key where it goes
 * @param value the encoded value
 * @param time its position in time-ordered indexes (epoch milliseconds)
 * @param terms its indexed field values
 * @param expireAtMillis when it expires (epoch milliseconds), or 0 for never
 * @param expected the version the stored record must be at, or {@code null} for an unconditional write
 */
public record RecordWrite(Key key, byte[] value, long time, List<Query.Term> terms, long expireAtMillis,
                          @Nullable Version expected) {
    /** Checks the required parts. */
    public RecordWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        terms = List.copyOf(terms);
    }

    /** The record's index position. */
    public Position position() {
        return new Position(time, key.id());
    }
}
