package io.larder.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * One limit of a rate limiter, as a backend applies it: a kind and its numbers. Immutable.
 *
 * <p>Every number a backend computes with stays below 2<sup>52</sup>, so a script whose numbers are
 * doubles (Lua in Redis) decides exactly as long arithmetic does.
 *
 * @param kind how permits are counted
 * @param max the permits one window holds; for {@link Kind#SMOOTH}, the permits let through per {@code period}
 * @param period the window's length for {@link Kind#FIXED} and {@link Kind#SLIDING}; the time {@code max}
 *               permits take at the steady rate for {@link Kind#SMOOTH}; the nominal length of a day
 *               or a month ({@link ChronoUnit#getDuration()}) for the calendar kinds
 * @param burst for {@link Kind#SMOOTH}, the most permits taken at once after an idle spell; else 0
 */
public record LimitRule(Kind kind, long max, Duration period, long burst) {
    /** What permits times milliseconds (a sliding limit) stay below, so a double holds them and their quotients exactly. */
    public static final long EXACT = 1L << 52;
    /** The most permits a limit may hold. */
    public static final long MAX_PERMITS = 1L << 40;
    private static final Duration LONGEST = Duration.ofDays(366 * 100L);
    private static final long LONGEST_MICROS = LONGEST.toNanos() / 1000;

    /** How a limit counts. A kind added later is refused by adapters that do not know it. */
    public enum Kind {
        /** At most {@code max} permits per window of {@code period}; windows start on multiples of it since the epoch (UTC). */
        FIXED,
        /** At most {@code max} permits per calendar day of the limiter's zone (23 or 25 hours across a DST change). */
        DAY,
        /** At most {@code max} permits per calendar month of the limiter's zone. */
        MONTH,
        /**
         * At most {@code max} permits in the trailing {@code period}, estimated from two fixed windows: the
         * current one, and the previous one weighted by how much of it the trailing period still covers.
         */
        SLIDING,
        /** A steady {@code max} per {@code period} with bursts up to {@code burst} (GCRA). */
        SMOOTH
    }

    /** Checks the numbers each kind needs. */
    public LimitRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(period, "period");
        if (max < 1 || max > MAX_PERMITS) {
            throw new IllegalArgumentException("a limit holds 1 to " + MAX_PERMITS + " permits, got " + max
                    + (max == 0 ? " (a limit of 0 would admit nothing)" : ""));
        }
        switch (kind) {
            case FIXED, SLIDING -> {
                if (period.isNegative() || period.isZero() || period.getNano() % 1_000_000 != 0
                        || period.compareTo(LONGEST) > 0) {
                    throw new IllegalArgumentException("a " + spelled(kind) + " window is a whole number of"
                            + " milliseconds from 1 ms to 100 years, got " + period);
                }
                if (kind == Kind.SLIDING && max > EXACT / period.toMillis()) {
                    throw new IllegalArgumentException("a sliding window of " + period + " holds at most "
                            + EXACT / period.toMillis() + " permits (permits x milliseconds must stay below 2^52), got " + max);
                }
                requireNoBurst(kind, burst);
            }
            case DAY, MONTH -> {
                Duration nominal = (kind == Kind.DAY ? ChronoUnit.DAYS : ChronoUnit.MONTHS).getDuration();
                if (!period.equals(nominal)) {
                    throw new IllegalArgumentException("a calendar " + spelled(kind) + " has the period " + nominal
                            + ", got " + period);
                }
                requireNoBurst(kind, burst);
            }
            case SMOOTH -> {
                if (period.isNegative() || period.isZero()) {
                    throw new IllegalArgumentException("a smooth limit's period must be positive, got " + period);
                }
                if (burst < 1 || burst > MAX_PERMITS) {
                    throw new IllegalArgumentException("a smooth limit's burst is 1 to " + MAX_PERMITS + ", got " + burst);
                }
                if (period.compareTo(LONGEST) > 0 || interval(period, max) > LONGEST_MICROS / burst) {
                    throw new IllegalArgumentException("a smooth limit's burst must refill within 100 years: "
                            + burst + " permits at " + max + " per " + period + " do not");
                }
            }
        }
    }

    /** At most {@code max} permits per window of {@code window}, windows aligned to the epoch. */
    public static LimitRule fixed(long max, Duration window) {
        return new LimitRule(Kind.FIXED, max, window, 0);
    }

    /** At most {@code max} permits per calendar day of the limiter's zone. */
    public static LimitRule day(long max) {
        return new LimitRule(Kind.DAY, max, ChronoUnit.DAYS.getDuration(), 0);
    }

    /** At most {@code max} permits per calendar month of the limiter's zone. */
    public static LimitRule month(long max) {
        return new LimitRule(Kind.MONTH, max, ChronoUnit.MONTHS.getDuration(), 0);
    }

    /** At most {@code max} permits in any trailing {@code window} (the two-counter estimate). */
    public static LimitRule sliding(long max, Duration window) {
        return new LimitRule(Kind.SLIDING, max, window, 0);
    }

    /** {@code rate} permits per {@code per} at the steady rate, up to {@code burst} at once (GCRA). */
    public static LimitRule smooth(long rate, Duration per, long burst) {
        return new LimitRule(Kind.SMOOTH, rate, per, burst);
    }

    /**
     * The limit's name within its limiter, unique there, and the last part of its Redis key:
     * {@code second}, {@code minute}, {@code hour}, {@code day}, {@code month},
     * {@code fixed-<ms>}, {@code sliding-<ms>}, {@code smooth-<µs between permits>}.
     */
    public String id() {
        return switch (kind) {
            case FIXED -> period.equals(Duration.ofSeconds(1)) ? "second"
                    : period.equals(Duration.ofMinutes(1)) ? "minute"
                    : period.equals(Duration.ofHours(1)) ? "hour"
                    : "fixed-" + period.toMillis();
            case DAY -> "day";
            case MONTH -> "month";
            case SLIDING -> "sliding-" + period.toMillis();
            case SMOOTH -> "smooth-" + intervalMicros();
        };
    }

    /**
     * The most permits one request may ask of this limit: {@code burst} for a smooth limit, else
     * {@code max}. A request for more could never be admitted, and is refused before it is sent.
     */
    public long capacity() {
        return kind == Kind.SMOOTH ? burst : max;
    }

    /** For {@link Kind#SMOOTH}: microseconds between two permits at the steady rate, rounded up so the rate is never exceeded. */
    public long intervalMicros() {
        return interval(period, max);
    }

    /**
     * The boundaries of the windows around the one holding {@code epochMillis}, in epoch
     * milliseconds: {@code around} windows before it, itself, and {@code around} after, so
     * {@code 2 * around + 2} boundaries; the window holding the instant is
     * {@code [b[around], b[around + 1])}. For {@link Kind#FIXED}, {@link Kind#SLIDING},
     * {@link Kind#DAY} and {@link Kind#MONTH} only.
     */
    public long[] boundaries(long epochMillis, ZoneId zone, int around) {
        long[] out = new long[2 * around + 2];
        switch (kind) {
            case FIXED, SLIDING -> {
                long p = period.toMillis();
                long start = epochMillis - Math.floorMod(epochMillis, p);
                for (int i = 0; i < out.length; i++) {
                    out[i] = start + (i - around) * p;
                }
            }
            case DAY, MONTH -> {
                LocalDate today = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
                LocalDate first = kind == Kind.DAY ? today : today.withDayOfMonth(1);
                for (int i = 0; i < out.length; i++) {
                    LocalDate d = kind == Kind.DAY ? first.plusDays(i - around) : first.plusMonths(i - around);
                    // atStartOfDay: where midnight falls in a DST gap, the day starts at the first instant that exists
                    out[i] = d.atStartOfDay(zone).toInstant().toEpochMilli();
                }
            }
            case SMOOTH -> throw new IllegalStateException("a smooth limit has no windows");
        }
        return out;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FIXED -> max + " per " + id();
            case DAY, MONTH -> max + " per calendar " + id();
            case SLIDING -> max + " per sliding " + period;
            case SMOOTH -> max + " per " + period + " smoothly, burst " + burst;
        };
    }

    private static void requireNoBurst(Kind kind, long burst) {
        if (burst != 0) {
            throw new IllegalArgumentException("only a smooth limit has a burst; a " + spelled(kind) + " limit got " + burst);
        }
    }

    private static String spelled(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static long interval(Duration period, long max) {
        long micros = period.toNanos() / 1000 + (period.toNanos() % 1000 == 0 ? 0 : 1);
        return Math.max(1, ceilDiv(micros, max));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
