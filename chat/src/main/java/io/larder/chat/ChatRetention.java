package io.larder.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an archive keeps a group's messages; {@link ChatArchive#spec} turns it into the
 * store's expiry and retention.
 */
public sealed interface ChatRetention {

    /** Kept until deleted, one partition per group: the long-term archive. */
    static ChatRetention forever() {
        return new Forever(false);
    }

    /**
     * Kept until deleted, one store per calendar month (UTC) and group partitions inside it, so
     * no partition grows without bound and a range reads only the months it spans.
     */
    static ChatRetention foreverByMonth() {
        return new Forever(true);
    }

    /** The newest {@code count} messages of each group are kept (a live room keeping 1000). */
    static ChatRetention keepNewest(int count) {
        return new KeepNewest(count);
    }

    /**
     * The newest {@code count} messages of each group that are at most {@code maxAge} old by their
     * timestamp: a live room keeping its last 1000 messages of the last 7 days. On the records layout
     * (the default) each message expires at its timestamp plus {@code maxAge}; a store declared with
     * the archive layout drops aged messages a chunk at a time on the group's next write, and every
     * read hides them from the instant they age.
     */
    static ChatRetention newestWithin(int count, Duration maxAge) {
        return new NewestWithin(count, maxAge);
    }

    /** Each message expires {@code duration} after it was written (or last soft-deleted). */
    static ChatRetention expireAfter(Duration duration) {
        return new ExpireAfter(duration);
    }

    /**
     * Kept until deleted.
     *
     * @param monthly whether messages are split into one store per month
     */
    record Forever(boolean monthly) implements ChatRetention {
    }

    /**
     * A per-group cap.
     *
     * @param count how many of the newest messages a group keeps, positive
     */
    record KeepNewest(int count) implements ChatRetention {
        /** Refuses a non-positive count. */
        public KeepNewest {
            if (count <= 0) {
                throw new IllegalArgumentException("keep-newest must be positive, got " + count);
            }
        }
    }

    /**
     * A per-group cap and a maximum age, together.
     *
     * @param count how many of the newest messages a group keeps, positive
     * @param maxAge how old, by its timestamp, a message may be, positive
     */
    record NewestWithin(int count, Duration maxAge) implements ChatRetention {
        /** Refuses a non-positive count or age. */
        public NewestWithin {
            if (count <= 0) {
                throw new IllegalArgumentException("keep-newest must be positive, got " + count);
            }
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.toMillis() <= 0) {
                throw new IllegalArgumentException("max-age must be at least a millisecond, got " + maxAge);
            }
        }
    }

    /**
     * Expiry after each write.
     *
     * @param duration how long after the write, positive
     */
    record ExpireAfter(Duration duration) implements ChatRetention {
        /** Refuses a missing or non-positive duration. */
        public ExpireAfter {
            Objects.requireNonNull(duration, "duration");
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException("expire-after must be positive, got " + duration);
            }
        }
    }
}
