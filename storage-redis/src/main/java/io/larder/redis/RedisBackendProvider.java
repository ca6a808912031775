package io.larder.redis;

import io.larder.BackendSettings;
import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;

/**
 * Makes {@link RedisBackend}s for backend types {@code redis} and {@code redis-sentinel}, with
 * either client; found through {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class RedisBackendProvider implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public RedisBackendProvider() {
    }

    @Override
    public boolean supports(BackendSettings settings) {
        return RedisBackend.supports(settings.type());
    }

    @Override
    public Backend create(BackendSettings settings) {
        return RedisBackend.create(settings);
    }
}
