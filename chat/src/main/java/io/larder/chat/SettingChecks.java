package io.larder.chat;

import io.larder.SettingsSection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The checks the settings of rooms and presence share. Stateless. */
final class SettingChecks {
    private SettingChecks() {
    }

    /** Refuses a key of {@code section} that is not among {@code keys}. */
    static void known(SettingsSection section, List<String> keys) {
        for (String key : section.keys()) {
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("larder." + section.name() + " has no key '" + key + "' (keys: " + keys + ")");
            }
        }
    }

    static void once(@Nullable Object current, String key) {
        if (current != null) {
            throw new IllegalStateException(key + " was already set");
        }
    }

    static Duration positive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
        return d;
    }

    static Duration notNegative(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, got " + d);
        }
        return d;
    }
}
