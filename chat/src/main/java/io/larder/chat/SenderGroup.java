package io.larder.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * A group a sender spoke in, as the archive's sender index keeps it (the seed's
 * {@code user:{sender_id}:groups}): when they first and last spoke there, by the messages'
 * timestamps, and how many of their messages the group holds. Immutable.
 *
 * @param senderId the sender, the partition of the index
 * @param groupId the group, the id within the sender's partition
 * @param first the timestamp of their earliest archived message in the group
 * @param last the timestamp of their latest archived message in the group: the index's time
 * @param messages how many of their messages the group holds, soft-deleted ones included (retention and deletes lower it)
 */
public record SenderGroup(String senderId, String groupId, Instant first, Instant last, long messages) {
    /** Requires every component; refuses a count below one and a last time before the first. */
    public SenderGroup {
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (messages < 1) {
            throw new IllegalArgumentException("a sender's group counts at least one message, got " + messages);
        }
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last " + last + " is before first " + first);
        }
    }
}
