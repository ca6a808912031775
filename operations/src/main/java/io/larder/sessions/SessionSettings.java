package io.larder.sessions;

import io.larder.SettingsSection;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How sessions behave: the store that holds them, their sliding expiry, an optional absolute cap
 * on their age, how often a session's last activity is written, and how often the active-session
 * gauge recounts. The defaults are the seed's: store {@code sessions}, 7 days sliding, no cap, last
 * activity written at most once a minute. Immutable.
 *
 * <pre>{@code
 * SessionSettings s = SessionSettings.builder().expiry(Duration.ofDays(7)).maxAge(Duration.ofDays(30)).build();
 * }</pre>
 */
public final class SessionSettings {
    /** The configuration section these settings are read from: {@code larder.sessions}. */
    public static final String SECTION = "sessions";
    /** The key of the store's name. */
    public static final String STORE = "store";
    /** The key of the sliding expiry. */
    public static final String EXPIRY = "expiry";
    /** The key of the absolute cap; zero for none. */
    public static final String MAX_AGE = "max-age";
    /** The key of the activity interval. */
    public static final String ACTIVITY_INTERVAL = "activity-interval";
    /** The key of the gauge's recount interval. */
    public static final String COUNT_INTERVAL = "count-interval";
    private static final List<String> KEYS = List.of(STORE, EXPIRY, MAX_AGE, ACTIVITY_INTERVAL, COUNT_INTERVAL);

    private static final SessionSettings DEFAULTS = builder().build();

    private final String store;
    private final Duration expiry;
    private final @Nullable Duration maxAge;
    private final Duration activityInterval;
    private final Duration countInterval;

    private SessionSettings(Builder b) {
        this.store = b.store == null ? "sessions" : b.store;
        this.expiry = b.expiry == null ? Duration.ofDays(7) : b.expiry;
        this.maxAge = b.maxAge == null || b.maxAge.isZero() ? null : b.maxAge;
        this.activityInterval = b.activityInterval == null ? Duration.ofMinutes(1) : b.activityInterval;
        this.countInterval = b.countInterval == null ? Duration.ofSeconds(30) : b.countInterval;
    }

    /** The seed's settings. */
    public static SessionSettings defaults() {
        return DEFAULTS;
    }

    /** A builder; what it leaves unset takes the default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings a configuration section gives, with the defaults for what it leaves out.
     *
     * @throws IllegalArgumentException for a key these settings do not have, or a value out of range
     */
    public static SessionSettings from(SettingsSection section) {
        for (String key : section.keys()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("larder." + section.name() + " has no key '" + key + "' (keys: " + KEYS + ")");
            }
        }
        Builder b = builder();
        section.text(STORE).ifPresent(b::store);
        section.duration(EXPIRY).ifPresent(b::expiry);
        section.duration(MAX_AGE).ifPresent(b::maxAge);
        section.duration(ACTIVITY_INTERVAL).ifPresent(b::activityInterval);
        section.duration(COUNT_INTERVAL).ifPresent(b::countInterval);
        return b.build();
    }

    /** The name of the store holding the sessions. */
    public String store() {
        return store;
    }

    /** How long a session lives after it was last found or written. */
    public Duration expiry() {
        return expiry;
    }

    /** How long a session may live after sign-in however busy it is, if capped. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** The least time between two writes of a session's last activity; zero writes on every find. */
    public Duration activityInterval() {
        return activityInterval;
    }

    /** The least time between two counts of the active-session gauge. */
    public Duration countInterval() {
        return countInterval;
    }

    @Override
    public String toString() {
        return "SessionSettings{store=" + store + ", expiry=" + expiry + ", maxAge=" + (maxAge == null ? "none" : maxAge)
                + ", activityInterval=" + activityInterval + ", countInterval=" + countInterval + "}";
    }

    /** Builds {@link SessionSettings}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private @Nullable String store;
        private @Nullable Duration expiry;
        private @Nullable Duration maxAge;
        private @Nullable Duration activityInterval;
        private @Nullable Duration countInterval;

        private Builder() {
        }

        /** The store's name: letters, digits, {@code _ . -}, at most 64 (default {@code sessions}). */
        public Builder store(String name) {
            once(store, STORE);
            // the store's own rules, checked where the name enters
            StoreSpec.builder(Objects.requireNonNull(name, STORE), Session.class);
            store = name;
            return this;
        }

        /** The sliding expiry, positive (default 7 days). */
        public Builder expiry(Duration d) {
            once(expiry, EXPIRY);
            expiry = positive(d, EXPIRY);
            return this;
        }

        /** The absolute cap since sign-in; zero for none (the default). */
        public Builder maxAge(Duration d) {
            once(maxAge, MAX_AGE);
            maxAge = notNegative(d, MAX_AGE);
            return this;
        }

        /** The least time between writes of last activity; zero for every find (default 1 minute). */
        public Builder activityInterval(Duration d) {
            once(activityInterval, ACTIVITY_INTERVAL);
            activityInterval = notNegative(d, ACTIVITY_INTERVAL);
            return this;
        }

        /** The least time between counts of the active-session gauge (default 30 seconds). */
        public Builder countInterval(Duration d) {
            once(countInterval, COUNT_INTERVAL);
            countInterval = notNegative(d, COUNT_INTERVAL);
            return this;
        }

        /** The settings. */
        public SessionSettings build() {
            return new SessionSettings(this);
        }

        private static void once(@Nullable Object current, String key) {
            if (current != null) {
                throw new IllegalStateException(key + " was already set");
            }
        }

        private static Duration positive(Duration d, String key) {
            Objects.requireNonNull(d, key);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be positive, got " + d);
            }
            return d;
        }

        private static Duration notNegative(Duration d, String key) {
            Objects.requireNonNull(d, key);
            if (d.isNegative()) {
                throw new IllegalArgumentException(key + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
