package io.larder.limiter;

import io.larder.spi.LimitRule;
import java.time.Duration;
import java.util.Objects;

/**
 * One limit of a {@link RateLimiter}: how many permits a subject may take, and over what time.
 * Immutable; equal when they count alike.
 *
 * <ul>
 *   <li>Fixed windows: {@link #perSecond}, {@link #perMinute}, {@link #perHour} and
 *       {@link #fixed} start on whole multiples of their length since the epoch (UTC);
 *       {@link #perDay} and {@link #perMonth} are the calendar day and month of the limiter's
 *       zone (a DST day lasts 23 or 25 hours). A window's count starts again at its end.</li>
 *   <li>{@link #sliding}: at most {@code max} in any trailing window, estimated from two fixed
 *       windows: the current count plus the previous window's, weighted by the share of it the
 *       trailing window still covers. The estimate is exact when the previous window's requests
 *       were spread evenly; requests bunched at the end of a window can let through up to twice
 *       {@code max} in the worst trailing window, never more.</li>
 *   <li>{@link #smooth}: a steady rate with a burst (GCRA): after an idle spell {@code burst}
 *       permits at once, then one every {@code per / rate}.</li>
 * </ul>
 */
public final class Limit {
    private final LimitRule rule;

    private Limit(LimitRule rule) {
        this.rule = rule;
    }

    /** At most {@code max} permits per second. */
    public static Limit perSecond(long max) {
        return new Limit(LimitRule.fixed(max, Duration.ofSeconds(1)));
    }

    /** At most {@code max} permits per minute. */
    public static Limit perMinute(long max) {
        return new Limit(LimitRule.fixed(max, Duration.ofMinutes(1)));
    }

    /** At most {@code max} permits per hour (hours start on the UTC hour, whatever the zone). */
    public static Limit perHour(long max) {
        return new Limit(LimitRule.fixed(max, Duration.ofHours(1)));
    }

    /** At most {@code max} permits per calendar day of the limiter's zone. */
    public static Limit perDay(long max) {
        return new Limit(LimitRule.day(max));
    }

    /** At most {@code max} permits per calendar month of the limiter's zone. */
    public static Limit perMonth(long max) {
        return new Limit(LimitRule.month(max));
    }

    /** At most {@code max} permits per window of {@code window} (whole milliseconds), windows aligned to the epoch. */
    public static Limit fixed(long max, Duration window) {
        return new Limit(LimitRule.fixed(max, window));
    }

    /** At most {@code max} permits in any trailing {@code window} (whole milliseconds), by the two-counter estimate. */
    public static Limit sliding(long max, Duration window) {
        return new Limit(LimitRule.sliding(max, window));
    }

    /**
     * {@code rate} permits per {@code per} at a steady pace, and up to {@code burst} at once after
     * an idle spell (GCRA). The time between permits is {@code per / rate}, rounded up to a microsecond.
     */
    public static Limit smooth(long rate, Duration per, long burst) {
        return new Limit(LimitRule.smooth(rate, per, burst));
    }

    static Limit of(LimitRule rule) {
        return new Limit(rule);
    }

    /** The limit's name within its limiter, and the last part of its Redis key: {@code minute}, {@code day}, {@code sliding-600000}... */
    public String name() {
        return rule.id();
    }

    /** The permits a window holds; for a smooth limit, the permits per {@link #period()} at the steady rate. */
    public long max() {
        return rule.max();
    }

    /** The window's length; for a smooth limit, the time {@link #max()} permits take; for a day or a month, the nominal length. */
    public Duration period() {
        return rule.period();
    }

    /** The most permits one request may take: the burst of a smooth limit, else {@link #max()}. */
    public long capacity() {
        return rule.capacity();
    }

    LimitRule rule() {
        return rule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limit other && rule.equals(other.rule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule);
    }

    @Override
    public String toString() {
        return rule.toString();
    }
}
