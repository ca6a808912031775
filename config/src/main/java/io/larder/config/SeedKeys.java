package io.larder.config;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The keys of the earlier Python configuration (the Redis backend seed), with where each now
 * lives, so a file carried over from it is told what to rename rather than just "unknown key".
 */
final class SeedKeys {
    private static final Map<String, String> MOVED = Map.ofEntries(
            Map.entry("db", "larder.backend.database"),
            Map.entry("connection_pool_size", "larder.backend.pool.size"),
            Map.entry("connection_pool_max_connections", "larder.backend.pool.max"),
            Map.entry("socket_timeout", "larder.backend.timeouts.command (a duration: 30s)"),
            Map.entry("socket_connect_timeout", "larder.backend.timeouts.connect (a duration: 30s)"),
            Map.entry("retry_on_timeout", "larder.backend.retry-on-timeout"),
            Map.entry("health_check_interval", "larder.backend.health-check-interval (a duration: 30s)"),
            Map.entry("cluster_enabled", "larder.backend.type: redis-cluster"),
            Map.entry("cluster_nodes", "larder.backend.cluster.nodes (\"host:port\" entries)"),
            Map.entry("cluster_skip_full_coverage_check", "larder.backend.cluster.require-full-coverage (inverted)"),
            Map.entry("sentinel_enabled", "larder.backend.type: redis-sentinel"),
            Map.entry("sentinel_hosts", "larder.backend.sentinel.nodes"),
            Map.entry("sentinel_service_name", "larder.backend.sentinel.master"),
            Map.entry("serialization_format", "larder.defaults.codec (json | msgpack)"),
            Map.entry("compression_enabled", "larder.defaults.compression.algorithm (none | lz4 | gzip)"),
            Map.entry("compression_algorithm", "larder.defaults.compression.algorithm"),
            Map.entry("default_ttl_seconds", "larder.defaults.expiry.duration (a duration: 1h)"),
            Map.entry("ttl_strategy", "larder.defaults.expiry.policy"),
            Map.entry("batch_size", "larder.defaults.batch.size"),
            Map.entry("pipeline_max_size", "larder.defaults.batch.max-pipeline"),
            Map.entry("slow_log_threshold_ms", "larder.defaults.metrics.slow-op-threshold (a duration: 100ms)"),
            Map.entry("backup_enabled", "larder.backup.enabled"),
            Map.entry("backup_path", "larder.backup.path"),
            Map.entry("backup_interval_hours", "larder.backup.interval (a duration: 6h)"));

    private SeedKeys() {
    }

    /** {@code "use X"} for a key of the old configuration, or {@code null}. */
    static @Nullable String replacement(String key) {
        String moved = MOVED.get(key);
        return moved == null ? null : "the old configuration's name; use " + moved;
    }
}
