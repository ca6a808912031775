package io.larder.cluster;

import io.larder.BackendSettings;
import io.larder.ConfigurationException;
import io.larder.Durability;
import io.larder.Health;
import io.larder.Signals;
import io.larder.StorageException;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.redis.internal.DurabilityWatch;
import io.larder.spi.Backend;
import io.larder.spi.BackendLimits;
import io.larder.spi.BackendStore;
import io.larder.spi.LimitLayout;
import io.larder.spi.StoreLayout;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Redis Cluster backend: the Redis adapter's stores (its layouts, keys and scripts) over
 * a driver that routes by hash slot. Every key of a partition shares a hash tag, so each script
 * and each partition's range stays on one node; a batch is split by node and each node's share
 * goes as one pipeline, all nodes in parallel. Resharding ({@code MOVED}, {@code ASK},
 * {@code TRYAGAIN}) is followed without the caller seeing it; a failover costs a pause and
 * {@link io.larder.StorageUnavailableException}s until the replica takes over. A write is
 * acknowledged once a replica of its master holds it (see {@link #durability()}).
 *
 * <pre>{@code
 * Backend cluster = ClusterBackend.create(ClusterSettings.builder().nodes(List.of(new HostPort("10.0.0.5", 7000))).build());
 * }</pre>
 *
 * Thread-safe; closing it closes every connection.
 */
public final class ClusterBackend implements Backend {
    private final ClusterDriver driver;
    private final Backend stores;
    private final DurabilityWatch watch;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterBackend(ClusterDriver driver, Backend stores, DurabilityWatch watch) {
        this.driver = driver;
        this.stores = stores;
        this.watch = watch;
    }

    /**
     * Connects to the cluster through the seeds of {@code settings}, with their read-from, and the client,
     * credentials, TLS, pool and timeouts of their {@link ClusterSettings#redis()}, with no durability stated
     * (so one replica confirms each write) and the default sweep.
     *
     * @see #create(BackendSettings)
     */
    public static ClusterBackend create(ClusterSettings settings) {
        return create(BackendSettings.of(settings));
    }

    /**
     * Connects to the cluster the {@link ClusterSettings} of {@code settings} name, and loads the scripts on
     * every master; writes follow the durability {@code settings} state.
     *
     * @throws ConfigurationException for another provider or another adapter's settings, no seed nodes, or a
     *     database other than 0
     * @throws io.larder.StorageUnavailableException when no seed can be reached
     * @throws StorageException when the credentials are refused (the message never holds the password),
     *     or when {@code require-full-coverage} is set and some slot has no master
     */
    public static ClusterBackend create(BackendSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (!supports(settings)) {
            throw new ConfigurationException("storage-cluster serves backend type redis-cluster, not " + settings.provider());
        }
        ClusterSettings cluster = settings.adapter(ClusterSettings.class, ClusterSettings::defaults);
        if (cluster.nodes().isEmpty()) {
            throw new ConfigurationException("backend type redis-cluster needs cluster.nodes (host:port of one or more nodes)");
        }
        if (cluster.redis().database() != 0) {
            throw new ConfigurationException("Redis Cluster has only database 0, not " + cluster.redis().database());
        }
        NodeLink link = cluster.redis().client() == RedisSettings.Client.JEDIS
                ? JedisNodeLink.open(cluster) : LettuceNodeLink.open(cluster);
        ClusterDriver driver = new ClusterDriver(link, cluster.readFrom() == ClusterSettings.ReadFrom.REPLICA_PREFERRED);
        if (cluster.requireFullCoverage()) {
            uncovered(link).ifPresent(slot -> {
                driver.close();
                throw new StorageException("Redis Cluster " + link.replies().server() + " serves no master for hash slot " + slot
                        + " (require-full-coverage is on)");
            });
        }
        DurabilityWatch watch = new DurabilityWatch(RedisBackend.policyFor(settings));
        return new ClusterBackend(driver, RedisBackend.over(driver, settings, cluster.redis(), watch), watch);
    }

    static boolean supports(BackendSettings settings) {
        return settings.provider().equals(ClusterSettings.PROVIDER);
    }

    private static Optional<Integer> uncovered(NodeLink link) {
        for (int slot = 0; slot < NodeLink.SLOTS; slot++) {
            if (link.masterFor(slot) == null) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    /** Opens a store in the layout it declares, exactly as the Redis adapter lays it out. */
    @Override
    public BackendStore open(StoreLayout layout, Clock clock) {
        checkOpen();
        return stores.open(layout, clock);
    }

    /**
     * What writes must reach unless a store states otherwise: one replica of the master confirms
     * each write ({@code WAIT 1}), else it fails as unconfirmed; or what the settings state.
     */
    @Override
    public Durability durability() {
        return stores.durability();
    }

    /**
     * Opens a rate limiter's counters exactly as the Redis adapter lays them out: a subject's
     * counters share its hash tag, so each decision is one script call on the master of that slot.
     */
    @Override
    public BackendLimits openLimits(LimitLayout layout, Clock clock) {
        checkOpen();
        return stores.openLimits(layout, clock);
    }

    /**
     * {@code cluster_state}, slots covered, every master and replica pinged with its used memory
     * and every master's replicas, the durability policy; degraded when a slot is not served, the
     * state is {@code fail}, a node does not answer, a master has fewer replicas than a policy
     * needs, or writes are being acknowledged unconfirmed (best-effort).
     */
    @Override
    public Health health() {
        if (closed.get()) {
            return Health.down("the Redis Cluster backend is closed");
        }
        return ClusterHealth.probe(driver.link(), watch);
    }

    /** Signals on the cluster: {@code PUBLISH} to a master, broadcast by the cluster; one subscriber connection to one node. */
    @Override
    public Signals signals() {
        checkOpen();
        return stores.signals();
    }

    /** Pipelines sent per node: how tests see that a batch was split by node. */
    ClusterDriver driver() {
        return driver;
    }

    /** Closes the connections; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stores.close();
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StorageException("the Redis Cluster backend (" + driver.description() + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "ClusterBackend[" + driver.description() + "]";
    }
}
