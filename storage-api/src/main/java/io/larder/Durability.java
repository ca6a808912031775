package io.larder;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * What a write must reach before {@code save} returns: how many replicas confirm it, whether
 * it must be on disk, how long to wait for that, and what happens when it is not confirmed in
 * time. Stated per backend ({@code larder.backend.durability}) and per store
 * ({@code larder.stores.X.durability}, {@link StoreSpec.Builder#durability}).
 *
 * <pre>{@code
 * Durability.builder().replicas(1).timeout(Duration.ofSeconds(2)).build()   // Sentinel: one replica confirms, else fail
 * Durability.builder().disk(Durability.Disk.ALWAYS).build()                 // fsync before every acknowledgement
 * Durability.bestEffort()                                                   // wait as stated, acknowledge anyway
 * }</pre>
 *
 * <p>A policy states only what it was given; {@link #over(Durability)} fills the rest from the
 * level below, so a store that asks for {@code disk: always} on Sentinel keeps the backend's
 * replica. A backend's own policy is complete: what its configuration stated over its defaults
 * (memory: {@code everysec} when it keeps a snapshot file, else nothing; Redis standalone:
 * nothing; Sentinel and Cluster: one replica, {@code FAIL}). An unstated setting reads as
 * {@link #none()}'s. Immutable and thread-safe.
 */
public final class Durability {
    /** How long a write waits for its confirmations unless a policy says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private static final Durability NONE = new Durability(0, Disk.NONE, DEFAULT_TIMEOUT, Unconfirmed.FAIL);
    private static final Durability BEST_EFFORT = new Durability(null, null, null, Unconfirmed.BEST_EFFORT);

    /**
     * Whether the node that took the write must have it on disk.
     *
     * <p>Memory: {@code ALWAYS} forces the append-only log to disk before each call returns
     * (once per batch); {@code EVERYSEC} hands each call's records to the operating system before
     * it returns and forces them once a second, so a killed process loses nothing and a machine
     * that loses power loses at most about the last second; {@code NONE} keeps no log, and a
     * crash loses what changed since the last snapshot. Redis: {@code ALWAYS} waits for the
     * master's append-only file ({@code WAITAOF 1}, Redis 7.2 and later); {@code EVERYSEC} and
     * {@code NONE} wait for nothing and leave it to the server's own {@code appendfsync}.
     */
    public enum Disk {
        /** Nothing is awaited on disk. */
        NONE,
        /** Handed to the operating system before the acknowledgement, on disk within about a second. */
        EVERYSEC,
        /** On disk before the acknowledgement. */
        ALWAYS
    }

    /** What happens to a write that is not confirmed as stated within the timeout. */
    public enum Unconfirmed {
        /**
         * The call raises {@link UnconfirmedWriteException} (retryable): the write reached the
         * master or the memory log, but not as far as the policy asks, and it may be lost.
         */
        FAIL,
        /**
         * The call returns as if confirmed; the shortfall is logged, counted and shown in health.
         * A write acknowledged this way can be lost by a failover or a crash: choose it only for
         * records you can rebuild.
         */
        BEST_EFFORT
    }

    // null: not stated here, taken from the level below; an accessor reads it as NONE's, which states them all
    private final @Nullable Integer replicas;
    private final @Nullable Disk disk;
    private final @Nullable Duration timeout;
    private final @Nullable Unconfirmed unconfirmed;

    private Durability(@Nullable Integer replicas, @Nullable Disk disk, @Nullable Duration timeout,
                       @Nullable Unconfirmed unconfirmed) {
        this.replicas = replicas;
        this.disk = disk;
        this.timeout = timeout;
        this.unconfirmed = unconfirmed;
    }

    /** Acknowledges a write once the node that took it holds it in memory: no replica, no disk. States every setting. */
    public static Durability none() {
        return NONE;
    }

    /** States only that unconfirmed writes are acknowledged anyway ({@link Unconfirmed#BEST_EFFORT}); the rest comes from below. */
    public static Durability bestEffort() {
        return BEST_EFFORT;
    }

    /** A builder; what it leaves unset comes from the level below. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many replicas must confirm a write ({@code WAIT n}); 0 waits for none. Redis only. */
    public int replicas() {
        return replicas != null ? replicas : NONE.replicas();
    }

    /** Whether the write must be on disk before it is acknowledged. */
    public Disk disk() {
        return disk != null ? disk : NONE.disk();
    }

    /** The longest a write waits for its confirmations. */
    public Duration timeout() {
        return timeout != null ? timeout : NONE.timeout();
    }

    /** What happens when the confirmations do not come within {@link #timeout()}. */
    public Unconfirmed unconfirmed() {
        return unconfirmed != null ? unconfirmed : NONE.unconfirmed();
    }

    /** Whether every setting is stated here, so nothing comes from below. */
    public boolean isComplete() {
        return replicas != null && disk != null && timeout != null && unconfirmed != null;
    }

    /** This policy's stated settings, with the unstated ones taken from {@code base}. */
    public Durability over(Durability base) {
        Objects.requireNonNull(base, "base");
        return new Durability(replicas != null ? replicas : base.replicas, disk != null ? disk : base.disk,
                timeout != null ? timeout : base.timeout, unconfirmed != null ? unconfirmed : base.unconfirmed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Durability d && Objects.equals(replicas, d.replicas) && disk == d.disk
                && Objects.equals(timeout, d.timeout) && unconfirmed == d.unconfirmed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(replicas, disk, timeout, unconfirmed);
    }

    /** The stated settings, as the YAML spells them: {@code {replicas: 1, disk: always, timeout: PT1S, unconfirmed: fail}}. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        if (replicas != null) {
            out.add("replicas: " + replicas);
        }
        if (disk != null) {
            out.add("disk: " + spelling(disk));
        }
        if (timeout != null) {
            out.add("timeout: " + timeout);
        }
        if (unconfirmed != null) {
            out.add("unconfirmed: " + spelling(unconfirmed));
        }
        return out.toString();
    }

    private static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Builds a {@link Durability}; each setting may be made once, and is checked where it enters. Not thread-safe. */
    public static final class Builder {
        private @Nullable Integer replicas;
        private @Nullable Disk disk;
        private @Nullable Duration timeout;
        private @Nullable Unconfirmed unconfirmed;

        private Builder() {
        }

        /** How many replicas must confirm each write ({@code WAIT n}), at least 0. */
        public Builder replicas(int n) {
            once(replicas, "replicas");
            if (n < 0) {
                throw new IllegalArgumentException("replicas must not be negative, got " + n);
            }
            replicas = n;
            return this;
        }

        /** Whether each write must be on disk before it is acknowledged. */
        public Builder disk(Disk d) {
            once(disk, "disk");
            disk = Objects.requireNonNull(d, "disk");
            return this;
        }

        /** The longest a write waits for its confirmations; positive. */
        public Builder timeout(Duration t) {
            once(timeout, "timeout");
            Objects.requireNonNull(t, "timeout");
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("durability timeout must be positive, got " + t);
            }
            timeout = t;
            return this;
        }

        /** What happens to a write not confirmed within the timeout ({@link Unconfirmed#FAIL} below, unless stated). */
        public Builder unconfirmed(Unconfirmed u) {
            once(unconfirmed, "unconfirmed");
            unconfirmed = Objects.requireNonNull(u, "unconfirmed");
            return this;
        }

        /** Acknowledges unconfirmed writes anyway: {@code unconfirmed(BEST_EFFORT)}. */
        public Builder bestEffort() {
            return unconfirmed(Unconfirmed.BEST_EFFORT);
        }

        /** The policy: only what was set is stated. */
        public Durability build() {
            return new Durability(replicas, disk, timeout, unconfirmed);
        }

        private static void once(@Nullable Object current, String setting) {
            if (current != null) {
                throw new IllegalStateException("durability " + setting + " was already set");
            }
        }
    }
}
