package io.larder.redis.internal;

import java.util.Objects;

/**
 * One record to read: its value key, and its timeline entry for the record's time.
 *
 * @param valueKey the record's value key
 * @param timelineKey its partition's timeline
 * @param member its id, the timeline member
 * @param expireAtMillis when positive, the value's new expiry instant ({@code GETEX PXAT}); else a plain {@code GET}
 */
public record Fetch(byte[] valueKey, byte[] timelineKey, byte[] member, long expireAtMillis) {
    /** Checks the keys. */
    public Fetch {
        Objects.requireNonNull(valueKey, "valueKey");
        Objects.requireNonNull(timelineKey, "timelineKey");
        Objects.requireNonNull(member, "member");
    }
}
