package io.larder.spi;

import io.larder.Key;
import java.util.Objects;

/**
 * A record as an adapter read it.
 *
 * @param key its key
 * @param time its index time (epoch milliseconds); records from {@link BackendStore#read} and
 *     {@link BackendStore#scanAll} may carry 0, since only ranges need it
 * @param value its stored bytes
 * @param location where it lives in the backend, as a person would look for it (a Redis key); used in errors
 */
public record StoredRecord(Key key, long time, byte[] value, String location) {
    /** Checks every part. */
    public StoredRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(location, "location");
    }

    /** The record's index position. */
    public Position position() {
        return new Position(time, key.id());
    }
}
