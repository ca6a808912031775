package io.larder;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of each partition a store keeps: at most its newest N records, none older than a
 * maximum age by the record's time, or both (a live room: the newest 1000 messages of the last 7
 * days). Applied on write; a record past its age is absent for every read from that instant on.
 *
 * @param keepNewest the number of newest records kept per partition; 0 keeps any number
 * @param maxAge how long after its time (the store's time field, else its last write) a record is
 *        kept; {@link Duration#ZERO} keeps it at any age
 */
public record Retention(int keepNewest, Duration maxAge) {
    /** Refuses a negative cap or age. */
    public Retention {
        if (keepNewest < 0) {
            throw new IllegalArgumentException("keep-newest cannot be negative: " + keepNewest);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("max-age cannot be negative: " + maxAge);
        }
    }

    /** A cap alone: the newest {@code keepNewest} records of each partition, 0 for any number. */
    public Retention(int keepNewest) {
        this(keepNewest, Duration.ZERO);
    }

    /** Keeps every record until it is deleted or expires. */
    public static Retention keepAll() {
        return new Retention(0);
    }

    /** Keeps the newest {@code count} records of each partition (a live room keeping 1000). */
    public static Retention keepNewest(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("keep-newest must be positive, got " + count);
        }
        return new Retention(count);
    }

    /** Keeps records until they are {@code age} old by their time. */
    public static Retention maxAge(Duration age) {
        return keepAll().withMaxAge(age);
    }

    /** This retention, also dropping records once they are {@code age} old by their time. */
    public Retention withMaxAge(Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isZero() || age.isNegative()) {
            throw new IllegalArgumentException("max-age must be positive, got " + age);
        }
        if (age.toMillis() <= 0) {
            throw new IllegalArgumentException("max-age must be at least a millisecond, got " + age);
        }
        return new Retention(keepNewest, age);
    }

    /** Whether a cap applies. */
    public boolean isCapped() {
        return keepNewest > 0;
    }

    /** Whether records are dropped by age. */
    public boolean isAged() {
        return !maxAge.isZero();
    }

    /**
     * The earliest record time still kept at {@code nowMillis}, or {@link Long#MIN_VALUE} when
     * records are kept at any age.
     */
    public long oldestKeptAt(long nowMillis) {
        return isAged() ? nowMillis - maxAge.toMillis() : Long.MIN_VALUE;
    }

    @Override
    public String toString() {
        if (!isCapped() && !isAged()) {
            return "keep all";
        }
        return (isCapped() ? "keep newest " + keepNewest : "") + (isCapped() && isAged() ? ", " : "")
                + (isAged() ? "max age " + maxAge : "");
    }
}
