package io.larder;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one capability built on the port ({@code larder.sessions}, {@code larder.tasks}),
 * as the configuration gave them: each value already typed and checked where the file was read, so
 * a capability only reads what is there and takes its own default for the rest. The configuration
 * module hands sections to the {@link Larder}; a capability finds its own with
 * {@link Larder#section(String)}, without either module depending on the other. Immutable.
 */
public final class SettingsSection {
    private final String name;
    private final Map<String, Object> values;

    private SettingsSection(String name, Map<String, Object> values) {
        this.name = name;
        this.values = Collections.unmodifiableMap(values);
    }

    /** A section that sets nothing: every setting takes its default. */
    public static SettingsSection empty(String name) {
        return new SettingsSection(requireText(name, "name"), Map.of());
    }

    /** A builder of the section {@code name} ({@code sessions} for {@code larder.sessions}). */
    public static Builder builder(String name) {
        return new Builder(requireText(name, "name"));
    }

    /** The section's name, the key under {@code larder}. */
    public String name() {
        return name;
    }

    /** The keys set, in the order they were set. */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * The duration set under {@code key}, if any.
     *
     * @throws IllegalStateException when {@code key} holds another type of value
     */
    public Optional<Duration> duration(String key) {
        return value(key, Duration.class);
    }

    /**
     * The text set under {@code key}, if any.
     *
     * @throws IllegalStateException when {@code key} holds another type of value
     */
    public Optional<String> text(String key) {
        return value(key, String.class);
    }

    /**
     * The size set under {@code key}, if any.
     *
     * @throws IllegalStateException when {@code key} holds another type of value
     */
    public Optional<DataSize> size(String key) {
        return value(key, DataSize.class);
    }

    /**
     * The whole number set under {@code key}, if any.
     *
     * @throws IllegalStateException when {@code key} holds another type of value
     */
    public Optional<Long> number(String key) {
        return value(key, Long.class);
    }

    private <V> Optional<V> value(String key, Class<V> type) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!type.isInstance(v)) {
            throw new IllegalStateException("larder." + name + "." + key + " holds a " + v.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return Optional.of(type.cast(v));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingsSection other && name.equals(other.name) && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + values.hashCode();
    }

    @Override
    public String toString() {
        return "larder." + name + values;
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    /** Builds a {@link SettingsSection}; each key may be set once. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Sets a duration. */
        public Builder duration(String key, Duration value) {
            return put(key, value);
        }

        /** Sets a text. */
        public Builder text(String key, String value) {
            return put(key, value);
        }

        /** Sets a size. */
        public Builder size(String key, DataSize value) {
            return put(key, value);
        }

        /** Sets a whole number. */
        public Builder number(String key, long value) {
            return put(key, value);
        }

        /** The section. */
        public SettingsSection build() {
            return new SettingsSection(name, new LinkedHashMap<>(values));
        }

        private Builder put(String key, Object value) {
            requireText(key, "key");
            Objects.requireNonNull(value, key);
            if (values.putIfAbsent(key, value) != null) {
                throw new IllegalStateException("larder." + name + "." + key + " was already set");
            }
            return this;
        }
    }
}
