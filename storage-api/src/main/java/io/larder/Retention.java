package io.larder;

/**
 * How much of each partition a store keeps, applied on write.
 *
 * @param keepNewest the number of newest records kept per partition; 0 keeps everything
 */
public record Retention(int keepNewest) {
    /** Refuses a negative cap. */
    public Retention {
        if (keepNewest < 0) {
            throw new IllegalArgumentException("keep-newest cannot be negative: " + keepNewest);
        }
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

    /** Whether a cap applies. */
    public boolean isCapped() {
        return keepNewest > 0;
    }
}
