package io.larder.chat;

import java.util.Objects;

/**
 * A group's messages against its daily counts, as {@link ChatArchive#checkCounts} reads them.
 *
 * @param groupId the group
 * @param stored the messages its stores hold, soft-deleted ones included
 * @param counted what its daily counts add up to
 */
public record GroupCount(String groupId, long stored, long counted) {
    /** The group is required. */
    public GroupCount {
        Objects.requireNonNull(groupId, "groupId");
    }

    /**
     * Whether the daily counts miss messages the stores hold: a process killed, or cut off from its
     * storage, between storing a batch and counting it leaves them so. (Counts above the stores are
     * not short: retention and deletes do not uncount.)
     */
    public boolean isShort() {
        return counted < stored;
    }

    /** The messages the daily counts miss; zero unless {@link #isShort()}. */
    public long missing() {
        return Math.max(0, stored - counted);
    }
}
