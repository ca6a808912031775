package io.larder.redis;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.HostPort;
import io.larder.Secret;
import io.larder.SetOnce;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Redis adapter's own settings: how to reach one server, or the master a set of sentinels names, with
 * which driver; carried by {@link BackendSettings}. The Cluster adapter takes the connection part of them too.
 * Immutable; its {@code toString} never shows a secret.
 *
 * <pre>{@code
 * RedisSettings redis = RedisSettings.builder().address("10.0.0.5", 6379).client(Client.LETTUCE).build();
 * RedisSettings replica = redis.mutate().address("10.0.0.6", 6379).build();
 * Larder larder = Larder.builder().backend(RedisBackend.create(redis)).build();
 * }</pre>
 *
 * @param mode one server, or the master the sentinels name
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
 * @param sentinel the Sentinel settings, used in {@link Mode#SENTINEL}
 * @param tls the TLS settings
 * @param archive the archive layout's settings
 */
public record RedisSettings(Mode mode, Client client, String host, int port, int database, String username,
                            Secret password, String clientName, Pool pool, Timeouts timeouts, boolean retryOnTimeout,
                            Duration healthCheckInterval, Sentinel sentinel, Tls tls, Archive archive)
        implements AdapterSettings {

    /** The provider name of one server. */
    public static final String STANDALONE = "redis";
    /** The provider name of a master found through Sentinel. */
    public static final String SENTINEL = "redis-sentinel";

    /** How the server is found. */
    public enum Mode {
        /** One server at {@link #host()}:{@link #port()}. */
        STANDALONE,
        /** The master the sentinels of {@link #sentinel()} name. */
        SENTINEL
    }

    /** Which Redis driver. */
    public enum Client {
        /** Lettuce. */
        LETTUCE,
        /** Jedis. */
        JEDIS
    }

    /** Checks the required parts. */
    public RedisSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
        Objects.requireNonNull(sentinel, "sentinel");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(archive, "archive");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative, got " + database);
        }
    }

    /**
     * The defaults of the configuration reference: one server at localhost:6379 through Jedis, database 0, no
     * password. Jedis is the default driver because it made Larder's synchronous API faster on every pooled
     * workload of the benchmarks (docs/benchmarks/results.md).
     */
    public static RedisSettings defaults() {
        return new RedisSettings(Mode.STANDALONE, Client.JEDIS, "localhost", 6379, 0, "", Secret.none(), "larder",
                new Pool(10, 50), new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)), true,
                Duration.ofSeconds(30), new Sentinel("mymaster", List.of(), Secret.none()), Tls.disabled(),
                Archive.defaults());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these settings, to derive others (another address, another driver). */
    public Builder mutate() {
        return new Builder(this);
    }

    /** {@code redis}, or {@code redis-sentinel} in {@link Mode#SENTINEL}. */
    @Override
    public String provider() {
        return mode == Mode.SENTINEL ? SENTINEL : STANDALONE;
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
     * TLS settings.
     *
     * @param enabled whether connections use TLS
     * @param trustStore a PKCS12 or JKS trust store, or {@code null} for the JDK's
     * @param trustStorePassword its password
     * @param verifyPeer whether the server's certificate and host name are checked
     */
    public record Tls(boolean enabled, @Nullable Path trustStore, Secret trustStorePassword, boolean verifyPeer) {
        /** Checks the password is given (possibly {@link Secret#none()}). */
        public Tls {
            Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        }

        /** TLS off. */
        public static Tls disabled() {
            return new Tls(false, null, Secret.none(), true);
        }
    }

    /**
     * How stores declared {@code layout: archive} are laid out.
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

    /**
     * Builds {@link RedisSettings}. Each setting may be made once; arguments are checked where they enter,
     * and the whole is checked again by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private final SetOnce made = new SetOnce("redis setting");
        private Mode mode;
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
        private Tls tls;
        private Archive archive;

        private Builder(RedisSettings from) {
            mode = from.mode;
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
            tls = from.tls;
            archive = from.archive;
        }

        /** Which Redis driver. */
        public Builder client(Client value) {
            client = made.set("client", value);
            return this;
        }

        /** One server at {@code host:port}. */
        public Builder address(String host, int port) {
            made.set("address", host);
            new HostPort(host, port);
            this.host = host;
            this.port = port;
            mode = Mode.STANDALONE;
            return this;
        }

        /** The master the sentinels of {@code value} name. */
        public Builder sentinel(Sentinel value) {
            sentinel = made.set("sentinel", value);
            mode = Mode.SENTINEL;
            return this;
        }

        /** The database index (standalone and Sentinel). */
        public Builder database(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("database must not be negative, got " + value);
            }
            database = made.set("database", value);
            return this;
        }

        /** The ACL user name (empty for the default user) and its password. */
        public Builder credentials(String user, Secret secret) {
            made.set("credentials", user);
            username = user;
            password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /** The name the connection announces ({@code CLIENT SETNAME}). */
        public Builder clientName(String value) {
            clientName = made.set("clientName", value);
            return this;
        }

        /** Connection pool sizes. */
        public Builder pool(Pool value) {
            pool = made.set("pool", value);
            return this;
        }

        /** Connect and command timeouts. */
        public Builder timeouts(Timeouts value) {
            timeouts = made.set("timeouts", value);
            return this;
        }

        /** Whether a command that timed out is retried once. */
        public Builder retryOnTimeout(boolean value) {
            retryOnTimeout = made.set("retryOnTimeout", value);
            return this;
        }

        /** How often connections are checked. */
        public Builder healthCheckInterval(Duration value) {
            healthCheckInterval = made.set("healthCheckInterval", value);
            return this;
        }

        /** The TLS settings. */
        public Builder tls(Tls value) {
            tls = made.set("tls", value);
            return this;
        }

        /** The archive layout's settings. */
        public Builder archive(Archive value) {
            archive = made.set("archive", value);
            return this;
        }

        /** The settings. */
        public RedisSettings build() {
            return new RedisSettings(mode, client, host, port, database, username, password, clientName, pool,
                    timeouts, retryOnTimeout, healthCheckInterval, sentinel, tls, archive);
        }
    }
}
