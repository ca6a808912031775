package io.larder;

import java.util.Objects;

/**
 * A record with the version it was loaded at, to hand back to a conditional save.
 *
 * @param value the record
 * @param version the version of its stored value
 */
public record Versioned<T>(T value, Version version) {
    /** Both parts are required. */
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
    }
}
