package io.larder;

import java.time.Duration;
import java.util.Objects;

/**
 * When a store's records expire. Expiry is computed once, in the core, from the store's
 * {@link java.time.Clock}; adapters only carry out the instant (Redis {@code PXAT}).
 */
public sealed interface Expiry {

    /** Kept until deleted: long-term archives. */
    static Expiry none() {
        return None.INSTANCE;
    }

    /** Expires {@code duration} after each write. */
    static Expiry absolute(Duration duration) {
        return new Absolute(duration);
    }

    /** Expires {@code duration} after the last read or write (sessions). */
    static Expiry sliding(Duration duration) {
        return new Sliding(duration);
    }

    /** Expires at the instant the record's field names (epoch milliseconds, or an {@code Instant}). */
    static Expiry atField(String field) {
        return new AtField(field);
    }

    /** Kept until deleted. */
    enum None implements Expiry {
        /** The one instance. */
        INSTANCE;

        @Override
        public String toString() {
            return "none";
        }
    }

    /**
     * Expires a fixed duration after each write.
     *
     * @param duration how long after the write, positive
     */
    record Absolute(Duration duration) implements Expiry {
        /** Refuses a missing or non-positive duration. */
        public Absolute {
            requirePositive(duration);
        }
    }

    /**
     * Expires a duration after the last read or write.
     *
     * @param duration how long after the last access, positive
     */
    record Sliding(Duration duration) implements Expiry {
        /** Refuses a missing or non-positive duration. */
        public Sliding {
            requirePositive(duration);
        }
    }

    /**
     * Expires at the instant a field of the record gives.
     *
     * @param field the field's name
     */
    record AtField(String field) implements Expiry {
        /** Refuses a missing field name. */
        public AtField {
            Objects.requireNonNull(field, "field");
            if (field.isBlank()) {
                throw new IllegalArgumentException("the expiry field name must not be blank");
            }
        }
    }

    private static void requirePositive(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("an expiry duration must be positive, got " + duration);
        }
    }
}
