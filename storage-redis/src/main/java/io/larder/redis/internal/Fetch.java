package io.larder.redis.internal;

import java.util.Objects;

/**
 * One record to read: its value key, and whether the read also moves its expiry.
 *
 * @param valueKey the record's value key
 * @param expireAtMillis when positive, the value's new expiry instant ({@code GETEX PXAT}); else a plain {@code GET}
 */
public record Fetch(byte[] valueKey, long expireAtMillis) {
    /** Checks the key. */
    public Fetch {
        Objects.requireNonNull(valueKey, "valueKey");
    }
}
