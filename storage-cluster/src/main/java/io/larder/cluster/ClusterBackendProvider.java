package io.larder.cluster;

import io.larder.BackendSettings;
import io.larder.HostPort;
import io.larder.redis.RedisBackendProvider;
import io.larder.redis.RedisSettings;
import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;
import io.larder.spi.SettingsSource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link ClusterBackend}s for backend type {@code redis-cluster}, with Lettuce or Jedis, from the
 * {@link ClusterSettings} their {@link BackendSettings} hold; reads those settings from {@code larder.backend}
 * (the connection keys as the Redis adapter reads them, and {@code cluster}). Found through
 * {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class ClusterBackendProvider implements BackendProvider {
    private static final List<String> CLUSTER_KEYS = List.of("cluster.nodes", "cluster.require-full-coverage",
            "cluster.topology-refresh", "cluster.read-from");
    private final RedisBackendProvider redis = new RedisBackendProvider();

    /** For {@link java.util.ServiceLoader}. */
    public ClusterBackendProvider() {
    }

    @Override
    public List<String> names() {
        return List.of(ClusterSettings.PROVIDER);
    }

    @Override
    public List<String> settingsKeys() {
        List<String> keys = new ArrayList<>(redis.settingsKeys());
        keys.addAll(CLUSTER_KEYS);
        return keys;
    }

    /** The Cluster settings {@code backend} gives; seed nodes and database 0 are required when {@code type} is {@code redis-cluster}. */
    @Override
    public ClusterSettings read(SettingsSource backend, String type) {
        RedisSettings connection = redis.read(backend, type);
        ClusterSettings d = ClusterSettings.defaults();
        boolean chosen = type.equals(ClusterSettings.PROVIDER);
        if (chosen && connection.database() != 0) {
            backend.problem("database", "Redis Cluster has only database 0, got " + connection.database());
        }
        SettingsSource s = backend.section("cluster");
        List<HostPort> nodes = s.addresses("nodes");
        if (chosen) {
            if (!s.has("nodes")) {
                s.missing("nodes", "required when type is redis-cluster: at least one \"host:port\" seed node");
            } else if (nodes != null && nodes.isEmpty()) {
                s.problem("nodes", "type redis-cluster needs at least one \"host:port\" seed node");
            }
        }
        return new ClusterSettings(or(nodes, d.nodes()), or(s.bool("require-full-coverage"), d.requireFullCoverage()),
                or(s.duration("topology-refresh", true), d.topologyRefresh()),
                or(s.choice("read-from", ClusterSettings.ReadFrom.class), d.readFrom()), connection);
    }

    @Override
    public Backend create(BackendSettings settings) {
        return ClusterBackend.create(settings);
    }

    private static <T> T or(@Nullable T value, T fallback) {
        return value != null ? value : fallback;
    }
}
