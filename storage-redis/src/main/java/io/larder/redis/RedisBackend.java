package io.larder.redis;

import io.larder.BackendSettings;
import io.larder.ConfigurationException;
import io.larder.Durability;
import io.larder.Health;
import io.larder.Layout;
import io.larder.Signals;
import io.larder.StorageException;
import io.larder.redis.archive.ArchiveStore;
import io.larder.redis.internal.DurabilityWatch;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.StoreContext;
import io.larder.redis.jedis.JedisDriver;
import io.larder.redis.lettuce.LettuceDriver;
import io.larder.redis.limits.RedisLimits;
import io.larder.redis.records.RecordsStore;
import io.larder.redis.signals.RedisSignals;
import io.larder.spi.Backend;
import io.larder.spi.BackendLimits;
import io.larder.spi.BackendStore;
import io.larder.spi.LimitLayout;
import io.larder.spi.StoreLayout;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The Redis backend: one standalone server, or the master a set of sentinels names, reached
 * through Jedis (a pool; the default) or Lettuce (one multiplexed connection). Stores are laid
 * out in key layout v1 or the archive layout (see {@code KEYS.md}); the server keeps time and
 * expires records itself.
 *
 * <pre>{@code
 * Backend redis = RedisBackend.create(RedisSettings.builder().address("10.0.0.5", 6379).build());
 * Larder larder = Larder.builder().backend(redis).build();
 * }</pre>
 *
 * Thread-safe; closing it closes the connections of every store it opened.
 */
public final class RedisBackend implements Backend {
    private final RedisDriver driver;
    private final StoreContext context;
    private final RedisSignals signals;
    private final RedisSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Durability durability;

    private RedisBackend(RedisDriver driver, BackendSettings backend, RedisSettings settings, DurabilityWatch watch) {
        this.driver = driver;
        this.settings = settings;
        this.durability = policyFor(backend);
        this.context = new StoreContext(driver, watch, settings.retryOnTimeout());
        this.signals = new RedisSignals(driver);
    }

    /**
     * The durability a backend of {@code settings} gives writes unless a store states otherwise:
     * what the settings state, over the type's default. Sentinel and Cluster fail over to a
     * replica, and Redis replicates asynchronously, so there a write is acknowledged once one
     * replica confirms it ({@code WAIT 1}, within {@link Durability#DEFAULT_TIMEOUT}), else it fails
     * as unconfirmed; a standalone server has no failover to lose writes in, and waits for nothing.
     */
    public static Durability policyFor(BackendSettings settings) {
        Durability byType = settings.provider().equals(RedisSettings.STANDALONE) ? Durability.none()
                : Durability.builder().replicas(1).disk(Durability.Disk.NONE).timeout(Durability.DEFAULT_TIMEOUT)
                        .unconfirmed(Durability.Unconfirmed.FAIL).build();
        return settings.durability().over(byType);
    }

    /**
     * Connects as {@code settings} say, with no durability stated (so the mode's default applies) and the
     * default sweep.
     *
     * @see #create(BackendSettings)
     */
    public static RedisBackend create(RedisSettings settings) {
        return create(BackendSettings.of(settings));
    }

    /**
     * Connects as {@code settings} say: provider {@code redis} or {@code redis-sentinel}, with the
     * {@link RedisSettings} it holds (client Jedis or Lettuce, credentials, TLS, database, client name,
     * pool and timeouts) and the durability it states.
     *
     * @throws ConfigurationException for another provider, or another adapter's settings
     * @throws io.larder.StorageUnavailableException when the server cannot be reached
     * @throws StorageException when the server refuses the credentials (the message never holds the password)
     */
    public static RedisBackend create(BackendSettings settings) {
        return create(settings, UnaryOperator.identity());
    }

    /** As {@link #create(BackendSettings)}, with the driver wrapped by {@code decorate}: tests count pipelines this way. */
    static RedisBackend create(BackendSettings settings, UnaryOperator<RedisDriver> decorate) {
        RedisSettings redis = own(settings);
        return over(decorate.apply(redis.client() == RedisSettings.Client.JEDIS
                ? JedisDriver.open(redis) : LettuceDriver.open(redis)), settings, redis);
    }

    /** The Redis settings {@code settings} hold, checked against the provider they name. */
    static RedisSettings own(BackendSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (!supports(settings.provider())) {
            throw new ConfigurationException("storage-redis serves backend types redis and redis-sentinel, not "
                    + settings.provider());
        }
        RedisSettings redis = settings.adapter(RedisSettings.class, RedisSettings::defaults);
        if (!redis.provider().equals(settings.provider()) || redis.mode() == RedisSettings.Mode.SENTINEL
                && redis.sentinel().nodes().isEmpty()) {
            throw new ConfigurationException("backend type redis-sentinel needs sentinel.nodes (host:port of each sentinel)");
        }
        return redis;
    }

    /**
     * Not for applications, which call {@link #create}: the backend over a driver made elsewhere,
     * through which {@code storage-cluster} lays out its stores exactly as this module does, over
     * its slot-routing driver. It closes the driver when closed, and also when this call fails.
     * Writes follow {@link #policyFor(BackendSettings)}, or each store's own policy; {@code redis} gives the
     * connection's settings the stores use (retry on timeout, the archive layout's).
     */
    public static RedisBackend over(RedisDriver driver, BackendSettings settings, RedisSettings redis) {
        return over(driver, settings, redis, new DurabilityWatch(policyFor(settings)));
    }

    /**
     * As {@link #over(RedisDriver, BackendSettings, RedisSettings)}, counting its writes' durability into
     * {@code watch}, which the caller's health reads.
     */
    public static RedisBackend over(RedisDriver driver, BackendSettings settings, RedisSettings redis,
                                    DurabilityWatch watch) {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(watch, "watch");
        try {
            return new RedisBackend(driver, settings, redis, watch);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    /** Connects to one server at {@code host:port} with Jedis (the default client) and otherwise default settings. */
    public static RedisBackend standalone(String host, int port) {
        return create(RedisSettings.builder().address(host, port).build());
    }

    static boolean supports(String provider) {
        return provider.equals(RedisSettings.STANDALONE) || provider.equals(RedisSettings.SENTINEL);
    }

    /**
     * Opens a store in the layout it declares; the first open records the layout's version under
     * {@code {prefix}{store}:layout}. Archive stores are laid out as {@code KEYS.md} ("archive
     * layout") says; their tails are sealed by age ({@code archive.seal-after}) against
     * {@code clock}, in the sweep. Its writes follow {@link StoreLayout#durability()}.
     *
     * @throws ConfigurationException when the store was written in another layout or version, or
     *     its durability asks for {@code disk: always} and the server has no {@code WAITAOF} (before
     *     Redis 7.2) or no append-only file
     */
    @Override
    public BackendStore open(StoreLayout layout, Clock clock) {
        checkOpen();
        if (layout.layout() == Layout.ARCHIVE) {
            return new ArchiveStore(layout, context, clock, settings.archive().sealAfter());
        }
        return new RecordsStore(layout, context);
    }

    /**
     * What writes must reach unless a store states otherwise: {@link #policyFor(BackendSettings)}
     * (Sentinel: one replica confirms each write, else it fails as unconfirmed; standalone: nothing).
     */
    @Override
    public Durability durability() {
        return durability;
    }

    /**
     * Opens a rate limiter's counters, laid out as {@code KEYS.md} ("Rate limits") says: each
     * decision is one call of the limiter's own script, written from its limits, on the server's
     * clock; {@code clock} only proposes the calendar windows (days, months) the server picks from
     * in a zone whose offset changes.
     */
    @Override
    public BackendLimits openLimits(LimitLayout layout, Clock clock) {
        checkOpen();
        return new RedisLimits(layout, context, clock);
    }

    /**
     * {@code PUBLISH} and {@code SUBSCRIBE}: one subscriber connection for the backend, opened by
     * the first subscription. Under Sentinel it follows the master; on a cluster one node hears
     * what is published on any.
     */
    @Override
    public Signals signals() {
        checkOpen();
        return signals;
    }

    /**
     * PING round trip, server version, role, clients, replicas, memory, commands, keyspace hits,
     * persistence, Sentinel master, the durability policy; degraded when the master has fewer
     * replicas than a policy needs, or writes are being acknowledged unconfirmed (best-effort).
     */
    @Override
    public Health health() {
        if (closed.get()) {
            return Health.down("the Redis backend is closed");
        }
        return context.probe().health();
    }

    /** Closes the connections; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                signals.close();
            } finally {
                driver.close();
            }
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StorageException("the Redis backend (" + driver.description() + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "RedisBackend[" + driver.description() + "]";
    }
}
