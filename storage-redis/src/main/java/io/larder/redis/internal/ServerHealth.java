package io.larder.redis.internal;

import io.larder.Expiry;
import io.larder.Health;
import io.larder.StorageException;
import io.larder.spi.StoreLayout;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server's health: a {@code PING} round trip, then facts from {@code INFO} (version, role,
 * clients, memory, commands, keyspace hits, persistence) and, under Sentinel, the master the
 * client follows. No detail ever holds a secret. Stateless.
 */
public final class ServerHealth {
    private ServerHealth() {
    }

    /**
     * A probe's result.
     *
     * @param health what the backend reports
     * @param persistsNothing whether the server is known to write nothing to disk (no AOF, no RDB save points)
     */
    public record Report(Health health, boolean persistsNothing) {

        /** The server's health as one store sees it: degraded when the store keeps records forever on a server that persists nothing. */
        public Health of(StoreLayout layout) {
            if (layout.expiry() instanceof Expiry.None && persistsNothing) {
                return health.degraded("store '" + layout.name() + "' keeps records without expiry, but the server persists"
                        + " nothing (appendonly no, save \"\"): a restart loses them");
            }
            return health;
        }
    }

    /** Probes the server {@code driver} talks to; a server that does not answer is down, not an exception. */
    public static Report probe(RedisDriver driver) {
        Duration latency;
        Map<String, String> info;
        try {
            latency = driver.ping();
            info = driver.info();
        } catch (StorageException e) {
            return new Report(Health.down(e.getMessage()), false);
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("client", driver.description());
        d.put("server", "Redis " + info.getOrDefault("redis_version", "?"));
        d.put("role", info.getOrDefault("role", "?"));
        copy(info, d, "connected_clients", "used_memory", "used_memory_human", "total_commands_processed",
                "keyspace_hits", "keyspace_misses", "aof_enabled");
        boolean aof = "1".equals(info.get("aof_enabled"));
        Optional<String> save = safely(() -> driver.configGet("save"));
        boolean persistsNothing;
        if (save.isPresent()) {
            d.put("rdb_save", save.get().isBlank() ? "off" : save.get());
            persistsNothing = !aof && save.get().isBlank();
        } else {
            // CONFIG is refused to ACL users without @admin; INFO tells when a snapshot was last written
            d.put("rdb_save", "unknown (CONFIG GET refused)");
            d.put("rdb_last_bgsave_status", info.getOrDefault("rdb_last_bgsave_status", "?"));
            d.put("rdb_changes_since_last_save", info.getOrDefault("rdb_changes_since_last_save", "?"));
            persistsNothing = false;
        }
        try {
            driver.sentinelMaster().ifPresent(m -> d.put("sentinel_master", m));
        } catch (StorageException e) {
            d.put("sentinel_master", "unknown: " + e.getMessage());
        }
        Health health = Health.up(latency, d);
        if (!"master".equals(info.get("role"))) {
            health = health.degraded("connected to a " + info.get("role") + ", not a master: writes will fail");
        }
        return new Report(health, persistsNothing);
    }

    private static void copy(Map<String, String> from, Map<String, String> to, String... fields) {
        for (String f : fields) {
            String v = from.get(f);
            if (v != null) {
                to.put(f, v);
            }
        }
    }

    private static Optional<String> safely(Supplier<Optional<String>> lookup) {
        try {
            return lookup.get();
        } catch (StorageException e) {
            return Optional.empty();
        }
    }
}
