package io.larder.chat;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How many messages a group received on one day (in the archive's time zone). Counted when
 * messages are first archived: redeliveries do not count, soft deletes and retention do not
 * uncount.
 *
 * @param groupId the group
 * @param day the day
 * @param messages the messages archived for that day
 */
public record DailyCount(String groupId, LocalDate day, long messages) {
    /** All parts are required; the count is not negative. */
    public DailyCount {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(day, "day");
        if (messages < 0) {
            throw new IllegalArgumentException("a count cannot be negative: " + messages);
        }
    }
}
