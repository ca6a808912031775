package io.larder.spi;

import java.util.List;
import java.util.Objects;

/**
 * One request to a subject's limits: take permits, look without taking, or give permits back.
 *
 * @param op what to do
 * @param subject whom the limits count (a user, an API key); non-empty, well-formed UTF-16
 * @param permits how many permits, at least 1 and at most every limit's {@link LimitRule#capacity()}
 * @param windows for {@link Op#REFUND}, per limit in layout order, the window the permits were
 *                taken in ({@link LimitReply.RuleState#window()}); empty otherwise
 */
public record LimitCall(Op op, String subject, long permits, List<Long> windows) {

    /** What a call does. */
    public enum Op {
        /** Checks every limit and, when all admit the permits, counts them in every one; else changes nothing. */
        ACQUIRE,
        /** Says what {@link #ACQUIRE} would decide now, and changes nothing. */
        PEEK,
        /** Gives permits back to each limit whose window they were taken in is still counting. */
        REFUND
    }

    /** Checks every part. */
    public LimitCall {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(subject, "subject");
        windows = List.copyOf(windows);
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + permits);
        }
    }

    /** Takes {@code permits} from every limit of {@code subject}, or none. */
    public static LimitCall acquire(String subject, long permits) {
        return new LimitCall(Op.ACQUIRE, subject, permits, List.of());
    }

    /** What taking {@code permits} would decide, without taking them. */
    public static LimitCall peek(String subject, long permits) {
        return new LimitCall(Op.PEEK, subject, permits, List.of());
    }

    /** Gives back {@code permits} taken in {@code windows}. */
    public static LimitCall refund(String subject, long permits, List<Long> windows) {
        return new LimitCall(Op.REFUND, subject, permits, windows);
    }
}
