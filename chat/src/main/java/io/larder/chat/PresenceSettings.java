package io.larder.chat;

import static io.larder.chat.SettingChecks.notNegative;
import static io.larder.chat.SettingChecks.once;
import static io.larder.chat.SettingChecks.positive;

import io.larder.SettingsSection;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Presence} behaves: the store of online statuses, how long a status outlives its last
 * heartbeat, how often a heartbeat is written, how long a user's last activity is remembered once
 * they are offline, and how often the online gauge recounts. The defaults are the seed's: store
 * {@code presence}, 30 minutes after the last heartbeat, a heartbeat written at most once a minute,
 * last activity kept 30 days. Immutable.
 *
 * <pre>{@code
 * PresenceSettings s = PresenceSettings.builder().expiry(Duration.ofMinutes(30)).seenFor(Duration.ofDays(90)).build();
 * }</pre>
 */
public final class PresenceSettings {
    /** The configuration section these settings are read from: {@code larder.presence}. */
    public static final String SECTION = "presence";
    /** The key of the store's name; the last activities go in {@code <store>-seen}. */
    public static final String STORE = "store";
    /** The key of how long a status outlives its last heartbeat. */
    public static final String EXPIRY = "expiry";
    /** The key of the least time between two written heartbeats of a user. */
    public static final String ACTIVITY_INTERVAL = "activity-interval";
    /** The key of how long a user's last activity is kept after it; zero keeps none. */
    public static final String SEEN_FOR = "seen-for";
    /** The key of the online gauge's recount interval. */
    public static final String COUNT_INTERVAL = "count-interval";
    private static final List<String> KEYS = List.of(STORE, EXPIRY, ACTIVITY_INTERVAL, SEEN_FOR, COUNT_INTERVAL);
    /** The suffix of the store that keeps last activities. */
    static final String SEEN_SUFFIX = "-seen";

    private final String store;
    private final Duration expiry;
    private final Duration activityInterval;
    private final Duration seenFor;
    private final Duration countInterval;

    private PresenceSettings(Builder b) {
        this.store = b.store == null ? "presence" : b.store;
        this.expiry = b.expiry == null ? Duration.ofMinutes(30) : b.expiry;
        this.activityInterval = b.activityInterval == null ? Duration.ofMinutes(1) : b.activityInterval;
        this.seenFor = b.seenFor == null ? Duration.ofDays(30) : b.seenFor;
        this.countInterval = b.countInterval == null ? Duration.ofSeconds(30) : b.countInterval;
        if (activityInterval.compareTo(expiry) >= 0) {
            throw new IllegalArgumentException("activity-interval (" + activityInterval + ") must be shorter than the expiry ("
                    + expiry + "), or a user who keeps sending heartbeats would go offline");
        }
    }

    /** The seed's settings. */
    public static PresenceSettings defaults() {
        return builder().build();
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
    public static PresenceSettings from(SettingsSection section) {
        SettingChecks.known(section, KEYS);
        Builder b = builder();
        section.text(STORE).ifPresent(b::store);
        section.duration(EXPIRY).ifPresent(b::expiry);
        section.duration(ACTIVITY_INTERVAL).ifPresent(b::activityInterval);
        section.duration(SEEN_FOR).ifPresent(b::seenFor);
        section.duration(COUNT_INTERVAL).ifPresent(b::countInterval);
        return b.build();
    }

    /** The name of the store holding online statuses. */
    public String store() {
        return store;
    }

    /** How long a status lives after its last written heartbeat. */
    public Duration expiry() {
        return expiry;
    }

    /** The least time between two written heartbeats of one user; zero writes every heartbeat. */
    public Duration activityInterval() {
        return activityInterval;
    }

    /** How long a user's last activity is kept after it, if at all. */
    public Optional<Duration> seenFor() {
        return seenFor.isZero() ? Optional.empty() : Optional.of(seenFor);
    }

    /** The least time between two counts of the online gauge. */
    public Duration countInterval() {
        return countInterval;
    }

    @Override
    public String toString() {
        return "PresenceSettings{store=" + store + ", expiry=" + expiry + ", activityInterval=" + activityInterval
                + ", seenFor=" + (seenFor.isZero() ? "off" : seenFor) + ", countInterval=" + countInterval + "}";
    }

    /** Builds {@link PresenceSettings}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private @Nullable String store;
        private @Nullable Duration expiry;
        private @Nullable Duration activityInterval;
        private @Nullable Duration seenFor;
        private @Nullable Duration countInterval;

        private Builder() {
        }

        /** The store's name (default {@code presence}); {@code <name>-seen} keeps last activities. */
        public Builder store(String name) {
            once(store, STORE);
            // the store's own rules, checked where the name enters, for both names it makes
            StoreSpec.builder(Objects.requireNonNull(name, STORE) + SEEN_SUFFIX, OnlineStatus.class);
            StoreSpec.builder(name, OnlineStatus.class);
            store = name;
            return this;
        }

        /** How long a status outlives its last written heartbeat, positive (default 30 minutes). */
        public Builder expiry(Duration d) {
            once(expiry, EXPIRY);
            expiry = positive(d, EXPIRY);
            return this;
        }

        /** The least time between two written heartbeats of a user; zero writes each (default 1 minute). */
        public Builder activityInterval(Duration d) {
            once(activityInterval, ACTIVITY_INTERVAL);
            activityInterval = notNegative(d, ACTIVITY_INTERVAL);
            return this;
        }

        /** How long a last activity is kept; zero keeps none (default 30 days). */
        public Builder seenFor(Duration d) {
            once(seenFor, SEEN_FOR);
            seenFor = notNegative(d, SEEN_FOR);
            return this;
        }

        /** The least time between two counts of the online gauge (default 30 seconds). */
        public Builder countInterval(Duration d) {
            once(countInterval, COUNT_INTERVAL);
            countInterval = notNegative(d, COUNT_INTERVAL);
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException when the activity interval is not shorter than the expiry
         */
        public PresenceSettings build() {
            return new PresenceSettings(this);
        }
    }
}
