package io.larder.chat;

import static io.larder.chat.SettingChecks.notNegative;
import static io.larder.chat.SettingChecks.once;
import static io.larder.chat.SettingChecks.positive;

import io.larder.SettingsSection;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ChatRooms} behave: the base name of their stores, what a room's history keeps (its
 * newest messages within a maximum age), and how often a room's last activity is written. The
 * defaults are the seed's: stores named from {@code rooms}, the newest 1000 messages of the last 7
 * days, last activity written at most once a minute. Immutable.
 */
public final class RoomSettings {
    /** The configuration section these settings are read from: {@code larder.rooms}. */
    public static final String SECTION = "rooms";
    /** The key of the stores' base name: {@code rooms}, {@code rooms-members}, {@code rooms-joined}, {@code rooms-messages}. */
    public static final String STORE = "store";
    /** The key of how many of its newest messages a room keeps. */
    public static final String KEEP_NEWEST = "keep-newest";
    /** The key of how old, by its timestamp, a room's message may be. */
    public static final String MAX_AGE = "max-age";
    /** The key of the least time between two writes of a room's last activity. */
    public static final String ACTIVITY_INTERVAL = "activity-interval";
    private static final List<String> KEYS = List.of(STORE, KEEP_NEWEST, MAX_AGE, ACTIVITY_INTERVAL);
    /** The stores' names after the base (the messages' archive adds its own companions after {@code -messages}). */
    static final List<String> SUFFIXES = List.of("", "-members", "-joined", "-messages", "-messages.counts",
            "-messages.senders");

    private final String store;
    private final int keepNewest;
    private final Duration maxAge;
    private final Duration activityInterval;

    private RoomSettings(Builder b) {
        this.store = b.store == null ? "rooms" : b.store;
        this.keepNewest = b.keepNewest == null ? 1000 : b.keepNewest;
        this.maxAge = b.maxAge == null ? Duration.ofDays(7) : b.maxAge;
        this.activityInterval = b.activityInterval == null ? Duration.ofMinutes(1) : b.activityInterval;
    }

    /** The seed's settings. */
    public static RoomSettings defaults() {
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
    public static RoomSettings from(SettingsSection section) {
        SettingChecks.known(section, KEYS);
        Builder b = builder();
        section.text(STORE).ifPresent(b::store);
        section.number(KEEP_NEWEST).ifPresent(n -> b.keepNewest(Math.toIntExact(n)));
        section.duration(MAX_AGE).ifPresent(b::maxAge);
        section.duration(ACTIVITY_INTERVAL).ifPresent(b::activityInterval);
        return b.build();
    }

    /** The stores' base name. */
    public String store() {
        return store;
    }

    /** How many of its newest messages a room keeps. */
    public int keepNewest() {
        return keepNewest;
    }

    /** How old, by its timestamp, a room's message may be. */
    public Duration maxAge() {
        return maxAge;
    }

    /** The least time between two writes of a room's last activity; zero writes on every post. */
    public Duration activityInterval() {
        return activityInterval;
    }

    /** What a room's history keeps. */
    public ChatRetention retention() {
        return ChatRetention.newestWithin(keepNewest, maxAge);
    }

    @Override
    public String toString() {
        return "RoomSettings{store=" + store + ", keepNewest=" + keepNewest + ", maxAge=" + maxAge
                + ", activityInterval=" + activityInterval + "}";
    }

    /** Builds {@link RoomSettings}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private @Nullable String store;
        private @Nullable Integer keepNewest;
        private @Nullable Duration maxAge;
        private @Nullable Duration activityInterval;

        private Builder() {
        }

        /** The stores' base name (default {@code rooms}); the others add {@code -members}, {@code -joined}, {@code -messages}. */
        public Builder store(String name) {
            once(store, STORE);
            Objects.requireNonNull(name, STORE);
            for (String suffix : SUFFIXES) {
                StoreSpec.builder(name + suffix, ChatRoom.class);     // the store's own rules, for every name it makes
            }
            store = name;
            return this;
        }

        /** How many of its newest messages a room keeps, positive (default 1000). */
        public Builder keepNewest(int n) {
            once(keepNewest, KEEP_NEWEST);
            if (n <= 0) {
                throw new IllegalArgumentException(KEEP_NEWEST + " must be positive, got " + n);
            }
            keepNewest = n;
            return this;
        }

        /** How old a room's message may be, positive (default 7 days). */
        public Builder maxAge(Duration d) {
            once(maxAge, MAX_AGE);
            maxAge = positive(d, MAX_AGE);
            return this;
        }

        /** The least time between writes of a room's last activity; zero for every post (default 1 minute). */
        public Builder activityInterval(Duration d) {
            once(activityInterval, ACTIVITY_INTERVAL);
            activityInterval = notNegative(d, ACTIVITY_INTERVAL);
            return this;
        }

        /** The settings. */
        public RoomSettings build() {
            return new RoomSettings(this);
        }
    }
}
