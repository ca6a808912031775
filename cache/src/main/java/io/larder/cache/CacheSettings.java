package io.larder.cache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link CachedStore} behaves: how long "not found" is remembered, what {@code put} does
 * to the cache, when the circuit breaker opens and how it probes, and the keys a bare
 * {@link CachedStore#warmUp()} loads. Entries themselves expire as their store's expiry policy
 * says. Immutable and thread-safe; {@link #defaults()} or {@link #builder()}.
 */
public final class CacheSettings {

    /** What {@link CachedStore#put} does to the cache once the source has the record. */
    public enum OnPut {
        /** Writes the new version into the cache, unless the cache already holds a newer one (the default). */
        UPDATE,
        /** Deletes the cached entry; the next read loads it. */
        INVALIDATE
    }

    private static final CacheSettings DEFAULTS = builder().build();

    private final Duration negativeTtl;
    private final OnPut onPut;
    private final int failureRate;
    private final int window;
    private final Duration openFor;
    private final int probes;
    private final Duration slowCall;
    private final List<String> warmUpKeys;

    private CacheSettings(Builder b) {
        this.negativeTtl = b.negativeTtl == null ? Duration.ofSeconds(30) : b.negativeTtl;
        this.onPut = b.onPut == null ? OnPut.UPDATE : b.onPut;
        this.failureRate = b.failureRate == null ? 50 : b.failureRate;
        this.window = b.window == null ? 10 : b.window;
        this.openFor = b.openFor == null ? Duration.ofSeconds(10) : b.openFor;
        this.probes = b.probes == null ? 3 : b.probes;
        this.slowCall = b.slowCall == null ? Duration.ofSeconds(1) : b.slowCall;
        this.warmUpKeys = b.warmUpKeys == null ? List.of() : b.warmUpKeys;
    }

    /** Every setting at its default: "not found" kept 30 s, put updates, breaker 50% of 10 calls, open 10 s, 3 probes, slow at 1 s. */
    public static CacheSettings defaults() {
        return DEFAULTS;
    }

    /** A builder; each setting may be made once, and what is left out takes its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long a key the source does not have is answered "not found" without asking it again; zero: never remembered. */
    public Duration negativeTtl() {
        return negativeTtl;
    }

    /** What {@code put} does to the cache. */
    public OnPut onPut() {
        return onPut;
    }

    /** The percentage of failed (or slow) cache calls within the window that opens the breaker. */
    public int failureRate() {
        return failureRate;
    }

    /** How many of the latest cache calls the breaker judges; it judges once it has seen that many. */
    public int window() {
        return window;
    }

    /** How long the breaker stays open (every read goes to the source) before it probes the cache again. */
    public Duration openFor() {
        return openFor;
    }

    /** How many calls probe the cache after {@link #openFor()}; the breaker closes when they succeed. */
    public int probes() {
        return probes;
    }

    /** A cache call slower than this counts against the cache as a failure does. */
    public Duration slowCall() {
        return slowCall;
    }

    /** The keys {@link CachedStore#warmUp()} loads: {@code id}, or {@code partition/id} in a partitioned store. */
    public List<String> warmUpKeys() {
        return warmUpKeys;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheSettings s && negativeTtl.equals(s.negativeTtl) && onPut == s.onPut
                && failureRate == s.failureRate && window == s.window && openFor.equals(s.openFor) && probes == s.probes
                && slowCall.equals(s.slowCall) && warmUpKeys.equals(s.warmUpKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(negativeTtl, onPut, failureRate, window, openFor, probes, slowCall, warmUpKeys);
    }

    @Override
    public String toString() {
        return "CacheSettings[negativeTtl=" + negativeTtl + ", onPut=" + onPut + ", breaker=" + failureRate + "% of "
                + window + " calls, open for " + openFor + ", " + probes + " probes, slow at " + slowCall
                + ", warmUpKeys=" + warmUpKeys.size() + "]";
    }

    /** Builds {@link CacheSettings}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private @Nullable Duration negativeTtl;
        private @Nullable OnPut onPut;
        private @Nullable Integer failureRate;
        private @Nullable Integer window;
        private @Nullable Duration openFor;
        private @Nullable Integer probes;
        private @Nullable Duration slowCall;
        private @Nullable List<String> warmUpKeys;

        private Builder() {
        }

        /** How long "not found" is remembered (default 30 s); zero turns it off. */
        public Builder negativeTtl(Duration ttl) {
            once(negativeTtl, "negativeTtl");
            negativeTtl = notNegative(ttl, "negativeTtl");
            return this;
        }

        /** What {@code put} does to the cache (default {@link OnPut#UPDATE}). */
        public Builder onPut(OnPut mode) {
            once(onPut, "onPut");
            onPut = Objects.requireNonNull(mode, "onPut");
            return this;
        }

        /** The failure percentage, 1 to 100, that opens the breaker (default 50). */
        public Builder failureRate(int percent) {
            once(failureRate, "failureRate");
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("failureRate must be a percentage from 1 to 100, got " + percent);
            }
            failureRate = percent;
            return this;
        }

        /** How many of the latest calls the breaker judges (default 10). */
        public Builder window(int calls) {
            once(window, "window");
            if (calls < 1) {
                throw new IllegalArgumentException("window must be at least 1 call, got " + calls);
            }
            window = calls;
            return this;
        }

        /** How long the breaker stays open before probing (default 10 s). */
        public Builder openFor(Duration d) {
            once(openFor, "openFor");
            openFor = positive(d, "openFor");
            return this;
        }

        /** How many calls probe the cache before the breaker closes (default 3). */
        public Builder probes(int calls) {
            once(probes, "probes");
            if (calls < 1) {
                throw new IllegalArgumentException("probes must be at least 1 call, got " + calls);
            }
            probes = calls;
            return this;
        }

        /** The duration past which a cache call counts as failed (default 1 s). */
        public Builder slowCall(Duration d) {
            once(slowCall, "slowCall");
            slowCall = positive(d, "slowCall");
            return this;
        }

        /** The keys a bare {@link CachedStore#warmUp()} loads: {@code id}, or {@code partition/id}. */
        public Builder warmUpKeys(List<String> keys) {
            once(warmUpKeys, "warmUpKeys");
            for (String k : Objects.requireNonNull(keys, "warmUpKeys")) {
                if (k == null || k.isBlank()) {
                    throw new IllegalArgumentException("warmUpKeys must not hold an empty key");
                }
            }
            warmUpKeys = List.copyOf(keys);
            return this;
        }

        /** The settings. */
        public CacheSettings build() {
            return new CacheSettings(this);
        }

        private static void once(@Nullable Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
        }

        private static Duration notNegative(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, got " + d);
            }
            return d;
        }

        private static Duration positive(Duration d, String what) {
            if (notNegative(d, what).isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
