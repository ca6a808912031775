package io.larder.redis;

import io.larder.BackendSettings;
import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;
import io.larder.spi.SettingsSource;
import java.util.List;

/**
 * Makes {@link RedisBackend}s for backend types {@code redis} and {@code redis-sentinel}, with
 * either client, from the {@link RedisSettings} their {@link BackendSettings} hold; reads those
 * settings from {@code larder.backend}. Found through {@link java.util.ServiceLoader}.
 * Stateless and thread-safe.
 */
public final class RedisBackendProvider implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public RedisBackendProvider() {
    }

    @Override
    public List<String> names() {
        return List.of(RedisSettings.STANDALONE, RedisSettings.SENTINEL);
    }

    @Override
    public List<String> settingsKeys() {
        return RedisSettingsReader.KEYS;
    }

    /** The Redis settings {@code backend} gives; Sentinel's master and nodes are required when {@code type} is {@code redis-sentinel}. */
    @Override
    public RedisSettings read(SettingsSource backend, String type) {
        return RedisSettingsReader.read(backend, type);
    }

    @Override
    public Backend create(BackendSettings settings) {
        return RedisBackend.create(settings);
    }
}
