package io.larder.cluster;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.HostPort;
import io.larder.SetOnce;
import io.larder.redis.RedisSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The Cluster adapter's own settings: the seed nodes, how the topology is kept, where reads go, and the
 * connection settings every node is reached with ({@link RedisSettings}: driver, credentials, TLS, pool,
 * timeouts; its address and database are not used). Carried by {@link BackendSettings}. Immutable; its
 * {@code toString} never shows a secret.
 *
 * <pre>{@code
 * ClusterSettings cluster = ClusterSettings.builder().nodes(List.of(new HostPort("10.0.0.5", 7000)))
 *         .redis(RedisSettings.builder().client(Client.LETTUCE).build()).build();
 * Backend backend = ClusterBackend.create(cluster);
 * }</pre>
 *
 * @param nodes seed nodes
 * @param requireFullCoverage whether an operation fails when some slots have no master
 * @param topologyRefresh how often the topology is refreshed (besides adaptive refresh on MOVED); zero never
 * @param readFrom where reads go
 * @param redis how each node is connected to
 */
public record ClusterSettings(List<HostPort> nodes, boolean requireFullCoverage, Duration topologyRefresh,
                              ReadFrom readFrom, RedisSettings redis) implements AdapterSettings {
    /** The provider's name, as {@code larder.backend.type} spells it. */
    public static final String PROVIDER = "redis-cluster";

    /** From which nodes a cluster serves reads. */
    public enum ReadFrom {
        /** Masters only. */
        MASTER,
        /** Replicas when available, else the master. */
        REPLICA_PREFERRED
    }

    /** Copies the nodes and checks the parts. */
    public ClusterSettings {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(topologyRefresh, "topologyRefresh");
        Objects.requireNonNull(readFrom, "readFrom");
        Objects.requireNonNull(redis, "redis");
        if (topologyRefresh.isNegative()) {
            throw new IllegalArgumentException("topology refresh must not be negative, got " + topologyRefresh);
        }
    }

    /**
     * The defaults of the configuration reference: no seed yet, full coverage required, the topology refreshed
     * every 30 s, reads from masters, and {@link RedisSettings#defaults()} for each connection.
     */
    public static ClusterSettings defaults() {
        return new ClusterSettings(List.of(), true, Duration.ofSeconds(30), ReadFrom.MASTER, RedisSettings.defaults());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these settings, to derive others. */
    public Builder mutate() {
        return new Builder(this);
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /** Builds {@link ClusterSettings}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private final SetOnce made = new SetOnce("cluster setting");
        private List<HostPort> nodes;
        private boolean requireFullCoverage;
        private Duration topologyRefresh;
        private ReadFrom readFrom;
        private RedisSettings redis;

        private Builder(ClusterSettings from) {
            nodes = from.nodes;
            requireFullCoverage = from.requireFullCoverage;
            topologyRefresh = from.topologyRefresh;
            readFrom = from.readFrom;
            redis = from.redis;
        }

        /** The seed nodes. */
        public Builder nodes(List<HostPort> value) {
            nodes = List.copyOf(made.set("nodes", value));
            return this;
        }

        /** Whether an operation fails when some slots have no master. */
        public Builder requireFullCoverage(boolean value) {
            requireFullCoverage = made.set("requireFullCoverage", value);
            return this;
        }

        /** How often the topology is refreshed besides adaptive refresh; zero never. */
        public Builder topologyRefresh(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("topology refresh must not be negative, got " + value);
            }
            topologyRefresh = made.set("topologyRefresh", value);
            return this;
        }

        /** Where reads go. */
        public Builder readFrom(ReadFrom value) {
            readFrom = made.set("readFrom", value);
            return this;
        }

        /** How each node is connected to: driver, credentials, TLS, pool, timeouts. */
        public Builder redis(RedisSettings value) {
            redis = made.set("redis", value);
            return this;
        }

        /** The settings. */
        public ClusterSettings build() {
            return new ClusterSettings(nodes, requireFullCoverage, topologyRefresh, readFrom, redis);
        }
    }
}
