package io.larder;

import java.time.Instant;
import java.util.Objects;

/**
 * What one partition holds under one indexed field value ({@code sender_id = 42} in group 123): how
 * many records, and the times of the first and the last of them. Read by {@link Storage#tally}.
 *
 * @param count how many records the partition holds with that value, at least 1
 * @param first the earliest time among them: exact while none of them was deleted, never later than the earliest held
 * @param last the latest time among them: exact while none of them was deleted, never earlier than the latest held
 */
public record TermTally(long count, Instant first, Instant last) {
    /** Checks that the tally counts something and that its times are in order. */
    public TermTally {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (count < 1) {
            throw new IllegalArgumentException("a tally counts at least one record, got " + count);
        }
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("a tally's last time " + last + " is before its first " + first);
        }
    }

    /** A tally from epoch milliseconds. */
    public static TermTally ofMillis(long count, long firstMillis, long lastMillis) {
        return new TermTally(count, Instant.ofEpochMilli(firstMillis), Instant.ofEpochMilli(lastMillis));
    }
}
