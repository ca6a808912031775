package io.larder.templates;

import io.larder.DataSize;
import io.larder.SettingsSection;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How prompt templates are kept: the name the three stores are made from ({@code templates},
 * {@code templates-versions}, {@code templates-defaults}), an optional expiry after each save
 * (templates never expire by default), and the largest text accepted (256 KB of UTF-8). Immutable.
 */
public final class TemplateSettings {
    /** The configuration section these settings are read from: {@code larder.templates}. */
    public static final String SECTION = "templates";
    /** The key of the stores' base name. */
    public static final String STORE = "store";
    /** The key of the expiry after each save; zero for none. */
    public static final String EXPIRY = "expiry";
    /** The key of the largest text. */
    public static final String MAX_TEXT_SIZE = "max-text-size";
    private static final List<String> KEYS = List.of(STORE, EXPIRY, MAX_TEXT_SIZE);
    /** What the base name gets for the store of earlier versions. */
    static final String VERSIONS_SUFFIX = "-versions";
    /** What the base name gets for the store of category defaults. */
    static final String DEFAULTS_SUFFIX = "-defaults";

    private static final TemplateSettings DEFAULTS = builder().build();

    private final String store;
    private final @Nullable Duration expiry;
    private final DataSize maxTextSize;

    private TemplateSettings(Builder b) {
        this.store = b.store == null ? "templates" : b.store;
        this.expiry = b.expiry == null || b.expiry.isZero() ? null : b.expiry;
        this.maxTextSize = b.maxTextSize == null ? DataSize.ofBytes(256 * 1024) : b.maxTextSize;
    }

    /** The defaults: stores named from {@code templates}, no expiry, texts up to 256 KB. */
    public static TemplateSettings defaults() {
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
    public static TemplateSettings from(SettingsSection section) {
        for (String key : section.keys()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("larder." + section.name() + " has no key '" + key + "' (keys: " + KEYS + ")");
            }
        }
        Builder b = builder();
        section.text(STORE).ifPresent(b::store);
        section.duration(EXPIRY).ifPresent(b::expiry);
        section.size(MAX_TEXT_SIZE).ifPresent(b::maxTextSize);
        return b.build();
    }

    /** The base name of the stores. */
    public String store() {
        return store;
    }

    /** How long a template lives after its last save, if it expires at all. */
    public Optional<Duration> expiry() {
        return Optional.ofNullable(expiry);
    }

    /** The largest template text accepted, in UTF-8 bytes. */
    public DataSize maxTextSize() {
        return maxTextSize;
    }

    @Override
    public String toString() {
        return "TemplateSettings{store=" + store + ", expiry=" + (expiry == null ? "none" : expiry)
                + ", maxTextSize=" + maxTextSize.bytes() + "B}";
    }

    /** Builds {@link TemplateSettings}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private @Nullable String store;
        private @Nullable Duration expiry;
        private @Nullable DataSize maxTextSize;

        private Builder() {
        }

        /** The stores' base name: letters, digits, {@code _ . -}, at most 55 (default {@code templates}). */
        public Builder store(String name) {
            once(store, STORE);
            Objects.requireNonNull(name, STORE);
            // the derived names must pass the store's own rules too
            StoreSpec.builder(name + VERSIONS_SUFFIX, PromptTemplate.class);
            StoreSpec.builder(name, PromptTemplate.class);
            store = name;
            return this;
        }

        /** The expiry after each save; zero for none (the default). */
        public Builder expiry(Duration d) {
            once(expiry, EXPIRY);
            Objects.requireNonNull(d, EXPIRY);
            if (d.isNegative()) {
                throw new IllegalArgumentException(EXPIRY + " must not be negative, got " + d);
            }
            expiry = d;
            return this;
        }

        /** The largest text, at least 1 byte (default 256 KB). */
        public Builder maxTextSize(DataSize size) {
            once(maxTextSize, MAX_TEXT_SIZE);
            Objects.requireNonNull(size, MAX_TEXT_SIZE);
            if (size.bytes() < 1) {
                throw new IllegalArgumentException(MAX_TEXT_SIZE + " must be at least 1 byte");
            }
            maxTextSize = size;
            return this;
        }

        /** The settings. */
        public TemplateSettings build() {
            return new TemplateSettings(this);
        }

        private static void once(@Nullable Object current, String key) {
            if (current != null) {
                throw new IllegalStateException(key + " was already set");
            }
        }
    }
}
