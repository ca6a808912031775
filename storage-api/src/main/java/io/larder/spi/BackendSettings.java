package io.larder.spi;

import io.larder.Durability;
import io.larder.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The typed {@code backend:} section of the configuration. Parsed once by the {@code config}
 * module (or built in code) and handed to a {@link BackendProvider}. Its {@code toString}
 * never shows a secret.
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
    public record Tls(boolean enabled, Path trustStore, Secret trustStorePassword, boolean verifyPeer) {
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
    public record Snapshot(Path path, Duration interval) {
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

    /** A copy with another type. */
    public BackendSettings withType(Type t) {
        return new BackendSettings(t, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval, archive, durability);
    }

    /** A copy with another client. */
    public BackendSettings withClient(Client c) {
        return new BackendSettings(type, c, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval, archive, durability);
    }

    /** A copy pointing at another standalone server. */
    public BackendSettings withAddress(String h, int p) {
        return new BackendSettings(type, client, h, p, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval, archive, durability);
    }

    /** A copy with other credentials. */
    public BackendSettings withCredentials(String user, Secret pass) {
        return new BackendSettings(type, client, host, port, database, user, pass, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval, archive, durability);
    }

    /** A copy with other Sentinel settings. */
    public BackendSettings withSentinel(Sentinel s) {
        return new BackendSettings(type, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, s, cluster, tls, snapshot, sweepInterval, archive, durability);
    }

    /** A copy with other Cluster settings. */
    public BackendSettings withCluster(Cluster c) {
        return new BackendSettings(type, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, c, tls, snapshot, sweepInterval, archive, durability);
    }

    /** A copy with other TLS settings. */
    public BackendSettings withTls(Tls t) {
        return new BackendSettings(type, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, t, snapshot, sweepInterval, archive, durability);
    }

    /** A copy with another database index. */
    public BackendSettings withDatabase(int db) {
        return new BackendSettings(type, client, host, port, db, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval, archive, durability);
    }

    /** A copy with another snapshot. */
    public BackendSettings withSnapshot(Snapshot s) {
        return new BackendSettings(type, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, s, sweepInterval, archive, durability);
    }

    /** A copy with other archive layout settings. */
    public BackendSettings withArchive(Archive a) {
        return new BackendSettings(type, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval, a, durability);
    }

    /** A copy stating another durability (unstated settings come from the adapter's default for the type). */
    public BackendSettings withDurability(Durability d) {
        return new BackendSettings(type, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval, archive, d);
    }

    /** A copy with other timeouts. */
    public BackendSettings withTimeouts(Timeouts t) {
        return new BackendSettings(type, client, host, port, database, username, password, clientName, pool, t,
                retryOnTimeout, healthCheckInterval, sentinel, cluster, tls, snapshot, sweepInterval, archive, durability);
    }
}
