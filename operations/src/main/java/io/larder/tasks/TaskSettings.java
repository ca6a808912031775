package io.larder.tasks;

import io.larder.SettingsSection;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How generation tasks behave: the store that holds them, how long a task lives after its last
 * write, how long a worker may stay silent before its task is reported stalled, and how often the
 * tasks-by-status gauges recount. The defaults are the seed's: store {@code generation_tasks}, 24
 * hours, stalled after 5 minutes of silence. Immutable.
 */
public final class TaskSettings {
    /** The configuration section these settings are read from: {@code larder.tasks}. */
    public static final String SECTION = "tasks";
    /** The key of the store's name. */
    public static final String STORE = "store";
    /** The key of the expiry after each write. */
    public static final String EXPIRY = "expiry";
    /** The key of the stall time. */
    public static final String STALL_AFTER = "stall-after";
    /** The key of the gauges' recount interval. */
    public static final String COUNT_INTERVAL = "count-interval";
    private static final List<String> KEYS = List.of(STORE, EXPIRY, STALL_AFTER, COUNT_INTERVAL);

    private static final TaskSettings DEFAULTS = builder().build();

    private final String store;
    private final Duration expiry;
    private final Duration stallAfter;
    private final Duration countInterval;

    private TaskSettings(Builder b) {
        this.store = b.store == null ? "generation_tasks" : b.store;
        this.expiry = b.expiry == null ? Duration.ofHours(24) : b.expiry;
        this.stallAfter = b.stallAfter == null ? Duration.ofMinutes(5) : b.stallAfter;
        this.countInterval = b.countInterval == null ? Duration.ofSeconds(30) : b.countInterval;
    }

    /** The seed's settings. */
    public static TaskSettings defaults() {
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
    public static TaskSettings from(SettingsSection section) {
        for (String key : section.keys()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("larder." + section.name() + " has no key '" + key + "' (keys: " + KEYS + ")");
            }
        }
        Builder b = builder();
        section.text(STORE).ifPresent(b::store);
        section.duration(EXPIRY).ifPresent(b::expiry);
        section.duration(STALL_AFTER).ifPresent(b::stallAfter);
        section.duration(COUNT_INTERVAL).ifPresent(b::countInterval);
        return b.build();
    }

    /** The name of the store holding the tasks. */
    public String store() {
        return store;
    }

    /** How long a task lives after its last write. */
    public Duration expiry() {
        return expiry;
    }

    /** How long an unfinished task's worker may be silent before the task is reported stalled. */
    public Duration stallAfter() {
        return stallAfter;
    }

    /** The least time between two counts of the tasks-by-status gauges. */
    public Duration countInterval() {
        return countInterval;
    }

    @Override
    public String toString() {
        return "TaskSettings{store=" + store + ", expiry=" + expiry + ", stallAfter=" + stallAfter
                + ", countInterval=" + countInterval + "}";
    }

    /** Builds {@link TaskSettings}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private @Nullable String store;
        private @Nullable Duration expiry;
        private @Nullable Duration stallAfter;
        private @Nullable Duration countInterval;

        private Builder() {
        }

        /** The store's name: letters, digits, {@code _ . -}, at most 64 (default {@code generation_tasks}). */
        public Builder store(String name) {
            once(store, STORE);
            StoreSpec.builder(Objects.requireNonNull(name, STORE), Task.class);
            store = name;
            return this;
        }

        /** How long a task lives after its last write, positive (default 24 hours). */
        public Builder expiry(Duration d) {
            once(expiry, EXPIRY);
            expiry = positive(d, EXPIRY);
            return this;
        }

        /** How long a worker may be silent before its task is reported stalled, positive (default 5 minutes). */
        public Builder stallAfter(Duration d) {
            once(stallAfter, STALL_AFTER);
            stallAfter = positive(d, STALL_AFTER);
            return this;
        }

        /** The least time between counts of the tasks-by-status gauges (default 30 seconds). */
        public Builder countInterval(Duration d) {
            once(countInterval, COUNT_INTERVAL);
            Objects.requireNonNull(d, COUNT_INTERVAL);
            if (d.isNegative()) {
                throw new IllegalArgumentException(COUNT_INTERVAL + " must not be negative, got " + d);
            }
            countInterval = d;
            return this;
        }

        /** The settings. */
        public TaskSettings build() {
            return new TaskSettings(this);
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
    }
}
