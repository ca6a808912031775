package io.larder.redis;

import io.larder.redis.internal.RedisDriver;
import io.larder.spi.Backend;
import io.larder.spi.BackendSettings;
import java.util.Objects;

/**
 * Builds the Redis backend (key layout v1, scripts, expiry, health) over a driver made
 * elsewhere: the entry through which {@code storage-cluster} reuses this module's store logic
 * with its slot-routing driver. Not meant for applications, which call
 * {@link RedisBackend#create}. Stateless and thread-safe.
 */
public final class DriverBackends {
    private DriverBackends() {
    }

    /**
     * A backend whose stores talk to Redis through {@code driver}; it loads the scripts now and
     * closes the driver when closed (also when this call fails). Writes wait for one replica
     * unless {@code settings} name a standalone server.
     */
    public static Backend create(RedisDriver driver, BackendSettings settings) {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(settings, "settings");
        try {
            return new RedisBackend(driver, new Scripts(driver), settings);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }
}
