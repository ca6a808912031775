package io.larder.memory;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.SetOnce;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The memory adapter's own settings ({@code larder.backend.snapshot}), carried by {@link BackendSettings}.
 * Immutable.
 *
 * <pre>{@code
 * BackendSettings kept = BackendSettings.of(MemorySettings.builder().snapshot(Path.of("larder.snapshot"), Duration.ofMinutes(1)).build());
 * }</pre>
 *
 * @param snapshot the snapshot file, or {@link Snapshot#none()}
 */
public record MemorySettings(Snapshot snapshot) implements AdapterSettings {
    /** The provider's name, as {@code larder.backend.type} spells it. */
    public static final String PROVIDER = "memory";

    /** Checks the parts. */
    public MemorySettings {
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /** No snapshot: the data lives as long as the process. */
    public static MemorySettings defaults() {
        return new MemorySettings(Snapshot.none());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these settings. */
    public Builder mutate() {
        return new Builder(this);
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /**
     * The memory adapter's snapshot file.
     *
     * @param path the file, or {@code null} for no snapshot
     * @param interval how often it is written (and always on close)
     */
    public record Snapshot(@Nullable Path path, Duration interval) {
        /** Checks the interval is positive. */
        public Snapshot {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("snapshot interval must be positive, got " + interval);
            }
        }

        /** No snapshot. */
        public static Snapshot none() {
            return new Snapshot(null, Duration.ofMinutes(1));
        }

        /** Whether a snapshot file is kept. */
        public boolean isEnabled() {
            return path != null;
        }
    }

    /** Builds {@link MemorySettings}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private final SetOnce made = new SetOnce("memory setting");
        private Snapshot snapshot;

        private Builder(MemorySettings from) {
            snapshot = from.snapshot;
        }

        /** The snapshot file. */
        public Builder snapshot(Snapshot value) {
            snapshot = made.set("snapshot", value);
            return this;
        }

        /** A snapshot kept in {@code path}, written every {@code interval} and on close. */
        public Builder snapshot(Path path, Duration interval) {
            return snapshot(new Snapshot(Objects.requireNonNull(path, "path"), interval));
        }

        /** The settings. */
        public MemorySettings build() {
            return new MemorySettings(snapshot);
        }
    }
}
