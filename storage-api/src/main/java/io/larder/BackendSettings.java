package io.larder;

import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code backend:} section of the configuration as far as it is the same for every adapter: which
 * provider serves it, what writes must reach, how often gone records are swept, and the adapter's own typed
 * settings ({@code MemorySettings}, {@code RedisSettings}, {@code ClusterSettings}, each in its adapter's
 * module). Parsed once by the {@code config} module, or built in code, then handed to a
 * {@link BackendProvider}. Immutable; its {@code toString} never shows a secret.
 *
 * <pre>{@code
 * BackendSettings redis = BackendSettings.of(RedisSettings.builder().address("10.0.0.5", 6379).build());
 * BackendSettings safer = redis.mutate().durability(Durability.builder().replicas(1).build()).build();
 * }</pre>
 */
public final class BackendSettings {
    private static final String DEFAULT_PROVIDER = "memory";
    private static final Duration DEFAULT_SWEEP = Duration.ofSeconds(60);

    private final String provider;
    private final @Nullable AdapterSettings adapter;
    private final Durability durability;
    private final Duration sweepInterval;

    private BackendSettings(String provider, @Nullable AdapterSettings adapter, Durability durability,
                            Duration sweepInterval) {
        this.provider = provider;
        this.adapter = adapter;
        this.durability = durability;
        this.sweepInterval = sweepInterval;
    }

    /**
     * The defaults of the configuration reference: the memory provider with its own defaults, no durability
     * stated (the adapter's default applies), a sweep every minute.
     */
    public static BackendSettings defaults() {
        return new BackendSettings(DEFAULT_PROVIDER, null, Durability.builder().build(), DEFAULT_SWEEP);
    }

    /** The defaults with {@code adapter}'s settings, served by {@link AdapterSettings#provider() its provider}. */
    public static BackendSettings of(AdapterSettings adapter) {
        return builder().adapter(adapter).build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these settings, to derive others (another adapter setting, a stated durability). */
    public Builder mutate() {
        return new Builder(this);
    }

    /** The provider that serves these settings, as {@code larder.backend.type} spells it ({@code redis-cluster}). */
    public String provider() {
        return provider;
    }

    /** The adapter's own settings, or empty when the provider takes its defaults. */
    public Optional<AdapterSettings> adapter() {
        return Optional.ofNullable(adapter);
    }

    /**
     * The adapter's own settings as the type its provider reads; {@code defaults} when none were given.
     *
     * @throws ConfigurationException when the settings are another adapter's
     */
    public <S extends AdapterSettings> S adapter(Class<S> type, Supplier<S> defaults) {
        if (adapter == null) {
            return defaults.get();
        }
        if (!type.isInstance(adapter)) {
            throw new ConfigurationException("backend provider '" + provider + "' reads " + type.getSimpleName()
                    + ", but the backend settings hold " + adapter.getClass().getSimpleName());
        }
        return type.cast(adapter);
    }

    /**
     * What writes must reach before they are acknowledged, as far as the configuration states it; the adapter
     * takes what is left unstated from its default (memory: {@code everysec} with a snapshot file, else none;
     * Redis standalone: none; Sentinel and Cluster: one replica, fail) and reports the result as
     * {@link Backend#durability()}.
     */
    public Durability durability() {
        return durability;
    }

    /** How often index entries of gone records are swept; zero turns the background sweep off. */
    public Duration sweepInterval() {
        return sweepInterval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendSettings other && provider.equals(other.provider)
                && Objects.equals(adapter, other.adapter) && durability.equals(other.durability)
                && sweepInterval.equals(other.sweepInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, adapter, durability, sweepInterval);
    }

    @Override
    public String toString() {
        return "BackendSettings[provider=" + provider + ", adapter=" + (adapter == null ? "defaults" : adapter)
                + ", durability=" + durability + ", sweepInterval=" + sweepInterval + "]";
    }

    /**
     * Builds {@link BackendSettings}. Each setting may be made once; arguments are checked where they enter,
     * and the whole is checked again by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private final SetOnce made = new SetOnce("backend setting");
        private String provider;
        private @Nullable AdapterSettings adapter;
        private Durability durability;
        private Duration sweepInterval;

        private Builder(BackendSettings from) {
            provider = from.provider;
            adapter = from.adapter;
            durability = from.durability;
            sweepInterval = from.sweepInterval;
        }

        /**
         * The provider by name, taking its default settings ({@code memory}, {@code redis}); to give it settings
         * of its own use {@link #adapter(AdapterSettings)} instead.
         */
        public Builder provider(String name) {
            Objects.requireNonNull(name, "provider");
            if (name.isBlank()) {
                throw new IllegalArgumentException("provider must not be blank");
            }
            provider = made.set("provider", name);
            adapter = null;
            return this;
        }

        /** The adapter's own settings; the provider becomes {@link AdapterSettings#provider() theirs}. */
        public Builder adapter(AdapterSettings value) {
            adapter = made.set("provider", value);
            provider = Objects.requireNonNull(value.provider(), "adapter.provider()");
            return this;
        }

        /** What writes must reach before they are acknowledged; unstated parts take the adapter's default. */
        public Builder durability(Durability value) {
            durability = made.set("durability", value);
            return this;
        }

        /** How often index entries of gone records are swept; zero turns the background sweep off. */
        public Builder sweepInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("sweep interval must not be negative, got " + value);
            }
            sweepInterval = made.set("sweepInterval", value);
            return this;
        }

        /** The settings. */
        public BackendSettings build() {
            return new BackendSettings(provider, adapter, durability, sweepInterval);
        }
    }
}
