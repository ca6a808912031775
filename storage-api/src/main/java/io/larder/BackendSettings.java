package io.larder;

import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The typed {@code backend:} section of the configuration: parsed once by the {@code config}
 * module, or built in code with {@link #builder()} and derived from another with {@link #mutate()},
 * then handed to a {@link BackendProvider}. Immutable; its {@code toString} never shows a secret.
 *
 * <pre>{@code
 * BackendSettings redis = BackendSettings.builder().type(Type.REDIS).address("10.0.0.5", 6379).build();
 * BackendSettings replica = redis.mutate().address("10.0.0.6", 6379).build();
 * }</pre>
 *
 * @param type which adapter
 * @param client which Redis driver
 * @param host the standalone server's host
 * @param port the standalone server's port
 * @param database the database index (standalone and Sentinel)
 * @param username the ACL user name, or empty for the default user
 * @param password the password
 * @param clientName the name the connection announces ({@code CLIENT SETNAME})
 * @param pool connection pool sizes
 * @param timeouts connect and command timeouts
 * @param retryOnTimeout whether a command that timed out is retried once
 * @param healthCheckInterval how often connections are checked
 * @param sentinel the Sentinel settings
 * @param cluster the Cluster settings
 * @param tls the TLS settings
 * @param snapshot the memory adapter's snapshot file
 * @param sweepInterval how often index entries of gone records are swept; zero turns the background sweep off
 * @param archive the archive layout's settings (Redis adapters)
 * @param durability what writes must reach before they are acknowledged, as far as the configuration states it;
 *        the adapter takes what is left unstated from its default for the type (memory: {@code everysec} with a
 *        snapshot file, else none; Redis standalone: none; Sentinel and Cluster: one replica, fail) and reports the
 *        result as {@link Backend#durability()}
 */
public record BackendSettings(Type type, Client client, String host, int port, int database, String username,
                              Secret password, String clientName, Pool pool, Timeouts timeouts, boolean retryOnTimeout,
                              Duration healthCheckInterval, Sentinel sentinel, Cluster cluster, Tls tls,
                              Snapshot snapshot, Duration sweepInterval, Archive archive, Durability durability) {

    /** Which adapter. */
    public enum Type {
        /** In-process maps (the default). */
        MEMORY,
        /** One Redis server. */
        REDIS,
        /** A master found through Redis Sentinel. */
        REDIS_SENTINEL,
        /** Redis Cluster. */
        REDIS_CLUSTER
    }

    /** Which Redis driver. */
    public enum Client {
        /** Lettuce. */
        LETTUCE,
        /** Jedis. */
        JEDIS
    }

    /** From which nodes a cluster serves reads. */
    public enum ReadFrom {
        /** Masters only. */
        MASTER,
        /** Replicas when available, else the master. */
        REPLICA_PREFERRED
    }

    /**
     * A server address.
     *
     * @param host the host name or address
     * @param port the port
     */
    public record HostPort(String host, int port) {
        /** Checks the port. */
        public HostPort {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
        }

        /** Parses {@code host:port}. */
        public static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("expected host:port, got '" + text + "'");
            }
            try {
                return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected host:port, got '" + text + "'", e);
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * Connection pool sizes (Jedis pools; Lettuce multiplexes one connection and uses a pool only for blocking work).
     *
     * @param size connections kept open
     * @param max the most connections at once
     */
    public record Pool(int size, int max) {
        /** Checks the sizes. */
        public Pool {
            if (size < 0 || max < 1 || size > max) {
                throw new IllegalArgumentException("pool needs 0 <= size <= max and max >= 1, got size " + size + ", max " + max);
            }
        }
    }

    /**
     * Timeouts.
     *
     * @param connect to open a connection
     * @param command for one command's answer
     */
    public record Timeouts(Duration connect, Duration command) {
        /** Checks both are positive. */
        public Timeouts {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(command, "command");
            if (connect.isNegative() || connect.isZero() || command.isNegative() || command.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    /**
     * Sentinel settings.
     *
     * @param master the master's name as Sentinel knows it
     * @param nodes the sentinels
     * @param password the sentinels' own password, if they have one
     */
    public record Sentinel(String master, List<HostPort> nodes, Secret password) {
        /** Copies the nodes. */
        public Sentinel {
            Objects.requireNonNull(master, "master");
            nodes = List.copyOf(nodes);
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * Cluster settings.
     *
     * @param nodes seed nodes
     * @param requireFullCoverage whether an operation fails when some slots have no master
     * @param topologyRefresh how often the topology is refreshed (besides adaptive refresh on MOVED)
     * @param readFrom where reads go
     */
    public record Cluster(List<HostPort> nodes, boolean requireFullCoverage, Duration topologyRefresh, ReadFrom readFrom) {
        /** Copies the nodes. */
        public Cluster {
            nodes = List.copyOf(nodes);
            Objects.requireNonNull(topologyRefresh, "topologyRefresh");
            Objects.requireNonNull(readFrom, "readFrom");
        }
    }

    /**
     * TLS settings.
     *
     * @param enabled whether connections use TLS
     * @param trustStore a PKCS12 or JKS trust store, or {@code null} for the JDK's
     * @param trustStorePassword its password
     * @param verifyPeer whether the server's certificate and host name are checked
     */
    public record Tls(boolean enabled, @Nullable Path trustStore, Secret trustStorePassword, boolean verifyPeer) {
        /** TLS off. */
        public static Tls disabled() {
            return new Tls(false, null, Secret.none(), true);
        }
    }

    /**
     * The memory adapter's snapshot file.
     *
     * @param path the file, or {@code null} for no snapshot
     * @param interval how often it is written (and always on close)
     */
    public record Snapshot(@Nullable Path path, Duration interval) {
        /** Checks the interval is positive. */
        public Snapshot {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("snapshot interval must be positive, got " + interval);
            }
        }

        /** No snapshot. */
        public static Snapshot none() {
            return new Snapshot(null, Duration.ofMinutes(1));
        }

        /** Whether a snapshot file is kept. */
        public boolean isEnabled() {
            return path != null;
        }
    }

    /**
     * How the Redis adapters lay out stores declared {@code layout: archive}.
     *
     * @param sealAfter a tail record whose time is older than this (against the store's clock) is
     *                  sealed into a chunk by the background sweep; zero seals by size only
     */
    public record Archive(Duration sealAfter) {
        /** Checks the duration is not negative. */
        public Archive {
            Objects.requireNonNull(sealAfter, "sealAfter");
            if (sealAfter.isNegative()) {
                throw new IllegalArgumentException("archive seal-after must not be negative, got " + sealAfter);
            }
        }

        /** The default: records are sealed once an hour old. */
        public static Archive defaults() {
            return new Archive(Duration.ofHours(1));
        }
    }

    /** Checks the required parts. */
    public BackendSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
        Objects.requireNonNull(sentinel, "sentinel");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(durability, "durability");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative, got " + database);
        }
    }

    /**
     * The defaults of the configuration reference: memory, Jedis, localhost:6379, database 0, no
     * password, no durability stated (the adapter's default for the type applies). Jedis is the
     * default driver because it made Larder's synchronous API faster on every pooled workload of
     * the benchmarks (docs/benchmarks/results.md).
     */
    public static BackendSettings defaults() {
        return new BackendSettings(Type.MEMORY, Client.JEDIS, "localhost", 6379, 0, "", Secret.none(), "larder",
                new Pool(10, 50), new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)), true,
                Duration.ofSeconds(30), new Sentinel("mymaster", List.of(), Secret.none()),
                new Cluster(List.of(), true, Duration.ofSeconds(30), ReadFrom.MASTER), Tls.disabled(),
                Snapshot.none(), Duration.ofSeconds(60), Archive.defaults(), Durability.builder().build());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these settings, to derive others (another address, a stated durability). */
    public Builder mutate() {
        return new Builder(this);
    }

    /**
     * Builds {@link BackendSettings}. Each setting may be made once; arguments are checked where they enter,
     * and the whole is checked again by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> made = new HashSet<>();
        private Type type;
        private Client client;
        private String host;
        private int port;
        private int database;
        private String username;
        private Secret password;
        private String clientName;
        private Pool pool;
        private Timeouts timeouts;
        private boolean retryOnTimeout;
        private Duration healthCheckInterval;
        private Sentinel sentinel;
        private Cluster cluster;
        private Tls tls;
        private Snapshot snapshot;
        private Duration sweepInterval;
        private Archive archive;
        private Durability durability;

        private Builder(BackendSettings from) {
            type = from.type;
            client = from.client;
            host = from.host;
            port = from.port;
            database = from.database;
            username = from.username;
            password = from.password;
            clientName = from.clientName;
            pool = from.pool;
            timeouts = from.timeouts;
            retryOnTimeout = from.retryOnTimeout;
            healthCheckInterval = from.healthCheckInterval;
            sentinel = from.sentinel;
            cluster = from.cluster;
            tls = from.tls;
            snapshot = from.snapshot;
            sweepInterval = from.sweepInterval;
            archive = from.archive;
            durability = from.durability;
        }

        /** Which adapter. */
        public Builder type(Type value) {
            type = once("type", value);
            return this;
        }

        /** Which Redis driver. */
        public Builder client(Client value) {
            client = once("client", value);
            return this;
        }

        /** The standalone server's host and port. */
        public Builder address(String host, int port) {
            once("address", host);
            new HostPort(host, port);
            this.host = host;
            this.port = port;
            return this;
        }

        /** The database index (standalone and Sentinel). */
        public Builder database(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("database must not be negative, got " + value);
            }
            database = once("database", value);
            return this;
        }

        /** The ACL user name (empty for the default user) and its password. */
        public Builder credentials(String user, Secret secret) {
            once("credentials", user);
            username = user;
            password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /** The name the connection announces ({@code CLIENT SETNAME}). */
        public Builder clientName(String value) {
            clientName = once("clientName", value);
            return this;
        }

        /** Connection pool sizes. */
        public Builder pool(Pool value) {
            pool = once("pool", value);
            return this;
        }

        /** Connect and command timeouts. */
        public Builder timeouts(Timeouts value) {
            timeouts = once("timeouts", value);
            return this;
        }

        /** Whether a command that timed out is retried once. */
        public Builder retryOnTimeout(boolean value) {
            retryOnTimeout = once("retryOnTimeout", value);
            return this;
        }

        /** How often connections are checked. */
        public Builder healthCheckInterval(Duration value) {
            healthCheckInterval = once("healthCheckInterval", value);
            return this;
        }

        /** The Sentinel settings. */
        public Builder sentinel(Sentinel value) {
            sentinel = once("sentinel", value);
            return this;
        }

        /** The Cluster settings. */
        public Builder cluster(Cluster value) {
            cluster = once("cluster", value);
            return this;
        }

        /** The TLS settings. */
        public Builder tls(Tls value) {
            tls = once("tls", value);
            return this;
        }

        /** The memory adapter's snapshot file. */
        public Builder snapshot(Snapshot value) {
            snapshot = once("snapshot", value);
            return this;
        }

        /** How often index entries of gone records are swept; zero turns the background sweep off. */
        public Builder sweepInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("sweep interval must not be negative, got " + value);
            }
            sweepInterval = once("sweepInterval", value);
            return this;
        }

        /** The archive layout's settings (Redis adapters). */
        public Builder archive(Archive value) {
            archive = once("archive", value);
            return this;
        }

        /** What writes must reach before they are acknowledged; unstated parts take the adapter's default. */
        public Builder durability(Durability value) {
            durability = once("durability", value);
            return this;
        }

        /** The settings. */
        public BackendSettings build() {
            return new BackendSettings(type, client, host, port, database, username, password, clientName, pool,
                    timeouts, retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval,
                    archive, durability);
        }

        private <V> V once(String name, V value) {
            Objects.requireNonNull(value, name);
            if (!made.add(name)) {
                throw new IllegalStateException("backend setting " + name + " was already set");
            }
            return value;
        }
    }
}
