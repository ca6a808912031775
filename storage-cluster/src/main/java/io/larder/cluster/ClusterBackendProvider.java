package io.larder.cluster;

import io.larder.BackendSettings;
import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;

/**
 * Makes {@link ClusterBackend}s for backend type {@code redis-cluster}, with Lettuce or Jedis;
 * found through {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class ClusterBackendProvider implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public ClusterBackendProvider() {
    }

    @Override
    public boolean supports(BackendSettings settings) {
        return ClusterBackend.supports(settings);
    }

    @Override
    public Backend create(BackendSettings settings) {
        return ClusterBackend.create(settings);
    }
}
