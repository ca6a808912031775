package io.larder.redis.internal;

import io.larder.Expiry;
import io.larder.Health;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.spi.StoreLayout;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The server's health: a {@code PING} round trip, then facts from {@code INFO} (version, role,
 * clients, memory and its eviction policy, commands, keyspace hits, persistence) and, under
 * Sentinel, the master the client follows. No detail ever holds a secret. Stateless.
 */
public final class ServerHealth {
    /** The share of {@code maxmemory} from which a server that refuses writes when full is said to be nearly full. */
    public static final double NEARLY_FULL = 0.9;

    private ServerHealth() {
    }

    /**
     * A probe's result.
     *
     * @param health what the backend reports
     * @param persistsNothing whether the server is known to write nothing to disk (no AOF, no RDB save points)
     * @param evictingPolicy the {@code maxmemory-policy} when it may evict keys without expiry once memory runs
     *        short ({@code allkeys-lru}, {@code allkeys-lfu}, {@code allkeys-random} with a {@code maxmemory}
     *        set); empty when the server never evicts such keys
     * @param connectedReplicas the master's replicas ({@code connected_slaves}; on a cluster the fewest of any
     *     master's), or -1 when unknown
     */
    public record Report(Health health, boolean persistsNothing, String evictingPolicy, long connectedReplicas) {

        /**
         * The server's health as one store sees it: degraded when its policy needs more replicas
         * than the master has, or when the store keeps records without expiry on a server that
         * persists nothing (a restart loses them) or that may evict them (an archive's chunks too).
         */
        public Health of(StoreLayout layout) {
            Health h = DurabilityWatch.tooFewReplicas(health, layout.durability().replicas(), connectedReplicas, "the master");
            if (!(layout.expiry() instanceof Expiry.None)) {
                return h;
            }
            if (persistsNothing) {
                h = h.degraded("store '" + layout.name() + "' keeps records without expiry, but the server persists"
                        + " nothing (appendonly no, save \"\"): a restart loses them");
            }
            if (!evictingPolicy.isEmpty()) {
                h = h.degraded("store '" + layout.name() + "' keeps records without expiry, but maxmemory-policy is "
                        + evictingPolicy + ": when memory runs short the server deletes them; use noeviction or a"
                        + " volatile-* policy");
            }
            return h;
        }
    }

    /**
     * Probes the server {@code driver} talks to; a server that does not answer is down, not an
     * exception. One that answers but refuses {@code INFO} (an ACL user granted
     * {@code +@all -@dangerous}) is degraded, with the reason: it serves, but health cannot see
     * its role, memory or replicas.
     */
    public static Report probe(RedisDriver driver) {
        Duration latency;
        Map<String, String> info;
        try {
            latency = driver.ping();
        } catch (StorageException e) {
            return new Report(Health.down(String.valueOf(e.getMessage())), false, "", -1);
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("client", driver.description());
        try {
            info = driver.info();
        } catch (StorageUnavailableException e) {
            return new Report(Health.down(String.valueOf(e.getMessage())), false, "", -1);
        } catch (StorageException e) {
            return new Report(Health.up(latency, d).degraded("INFO is refused, so the server's role, memory, persistence and"
                    + " replicas are not checked (grant the user +info): " + e.getMessage()), false, "", -1);
        }
        d.put("server", "Redis " + info.getOrDefault("redis_version", "?"));
        d.put("role", info.getOrDefault("role", "?"));
        copy(info, d, "connected_clients", "connected_slaves", "used_memory", "used_memory_human", "maxmemory",
                "maxmemory_policy", "total_commands_processed", "keyspace_hits", "keyspace_misses", "aof_enabled");
        String policy = info.getOrDefault("maxmemory_policy", "");
        boolean limited = !info.getOrDefault("maxmemory", "0").equals("0");
        String evicting = limited && policy.startsWith("allkeys-") ? policy : "";
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
        String full = fullness(number(info, "used_memory"), number(info, "maxmemory"), policy);
        if (full != null) {
            health = health.degraded(full);
        }
        return new Report(health, persistsNothing, evicting, number(info, "connected_slaves"));
    }

    /**
     * Why a server whose {@code maxmemory-policy} may refuse writes (noeviction, or a volatile-* one
     * with no key with an expiry left to evict) is full or nearly so; {@code null} when it is not,
     * when no {@code maxmemory} is set, or when it evicts any key instead.
     */
    public static @Nullable String fullness(long used, long max, String policy) {
        if (max <= 0 || used < 0 || policy.startsWith("allkeys-") || used < NEARLY_FULL * max) {
            return null;
        }
        String refuses = policy.equals("noeviction") ? "it refuses writes"
                : "it refuses writes once no key with an expiry is left to evict (maxmemory-policy " + policy + ")";
        String share = "used_memory " + used + " of maxmemory " + max + " (" + Math.round(100.0 * used / max) + "%)";
        return used >= max
                ? "the server is full, " + share + ": " + refuses + " (free memory or raise maxmemory)"
                : "the server is nearly full, " + share + ": once full " + refuses;
    }

    /** A number of {@code INFO}, or -1 when it is missing or not a number. */
    public static long number(Map<String, String> info, String field) {
        try {
            return Long.parseLong(info.getOrDefault(field, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
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
