package io.larder.testkit;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a Redis topology for a test class and stops it after the class, even when tests fail.
 * Register it on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension<RedisStandalone> redis = RedisExtension.standalone().flushBeforeEach();
 *
 * @RegisterExtension
 * static final RedisExtension<RedisClusterGroup> cluster = RedisExtension.cluster().shared();
 * }</pre>
 * With {@link #shared()}, test classes asking for the same settings share one topology, kept
 * in the root {@link ExtensionContext.Store} and stopped when the whole run ends. The topology
 * is also injected into test and lifecycle methods that declare a parameter of its type (so
 * register one extension per topology type in a class).
 * A {@link FeatureUnavailableException} (TLS without TLS support) skips the class instead of
 * failing it. Immutable; every option returns a new extension.
 *
 * @param <T> the kind of topology
 */
public final class RedisExtension<T extends RedisTopology> implements BeforeAllCallback, BeforeEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    private final Class<T> type;
    private final String sharingKey;
    private final Supplier<T> factory;
    private final boolean shared;
    private final boolean flushBeforeEach;
    private final Object perClassKey;
    private volatile @Nullable T topology;

    private RedisExtension(Class<T> type, String sharingKey, Supplier<T> factory, boolean shared,
                           boolean flushBeforeEach, Object perClassKey) {
        this.type = type;
        this.sharingKey = sharingKey;
        this.factory = factory;
        this.shared = shared;
        this.flushBeforeEach = flushBeforeEach;
        this.perClassKey = perClassKey;
    }

    /** A plain standalone server. */
    public static RedisExtension<RedisStandalone> standalone() {
        return standalone(builder -> { });
    }

    /** A standalone server with settings, e.g. {@code standalone(b -> b.persistence(Persistence.AOF))}. */
    public static RedisExtension<RedisStandalone> standalone(Consumer<RedisStandalone.Builder> settings) {
        RedisStandalone.Builder builder = RedisStandalone.builder();
        settings.accept(builder);
        return create(RedisStandalone.class, builder.sharingKey(), builder::build);
    }

    /** A standalone server requiring {@code password}. */
    public static RedisExtension<RedisStandalone> password(String password) {
        return standalone(builder -> builder.password(password));
    }

    /** A standalone server with the ACL user {@code larder} (see {@link RedisStandalone.Builder#acl()}). */
    public static RedisExtension<RedisStandalone> acl() {
        return standalone(RedisStandalone.Builder::acl);
    }

    /** A standalone server speaking TLS only. */
    public static RedisExtension<RedisStandalone> tls() {
        return standalone(RedisStandalone.Builder::tls);
    }

    /** A Sentinel group: master, one replica, three sentinels. */
    public static RedisExtension<RedisSentinelGroup> sentinel() {
        return sentinel(builder -> { });
    }

    /** A Sentinel group with settings. */
    public static RedisExtension<RedisSentinelGroup> sentinel(Consumer<RedisSentinelGroup.Builder> settings) {
        RedisSentinelGroup.Builder builder = RedisSentinelGroup.builder();
        settings.accept(builder);
        return create(RedisSentinelGroup.class, builder.sharingKey(), builder::build);
    }

    /** A cluster of three masters with a replica each. */
    public static RedisExtension<RedisClusterGroup> cluster() {
        return cluster(builder -> { });
    }

    /** A cluster with settings. */
    public static RedisExtension<RedisClusterGroup> cluster(Consumer<RedisClusterGroup.Builder> settings) {
        RedisClusterGroup.Builder builder = RedisClusterGroup.builder();
        settings.accept(builder);
        return create(RedisClusterGroup.class, builder.sharingKey(), builder::build);
    }

    private static <T extends RedisTopology> RedisExtension<T> create(Class<T> type, String key, Supplier<T> factory) {
        return new RedisExtension<>(type, key, factory, false, false, new Object());
    }

    /**
     * Shares one topology among all test classes of the run that ask for the same settings.
     * Tests that kill or reshard must not share.
     */
    public RedisExtension<T> shared() {
        return new RedisExtension<>(type, sharingKey, factory, true, flushBeforeEach, perClassKey);
    }

    /** Flushes all keys before each test. */
    public RedisExtension<T> flushBeforeEach() {
        return new RedisExtension<>(type, sharingKey, factory, shared, true, perClassKey);
    }

    /** The running topology. */
    public T get() {
        T running = topology;
        if (running == null) {
            throw new IllegalStateException("the Redis topology is not started: register RedisExtension on a static"
                    + " @RegisterExtension field; it starts before all tests of the class");
        }
        return running;
    }

    /** Deletes every key; see {@link RedisTopology#flushAll()}. */
    public void flushAll() {
        get().flushAll();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // The store closes AutoCloseable values when its context ends, whatever the tests did:
        // the class's store for a per-class topology, the root store (end of run) for a shared one.
        ExtensionContext.Store store = shared ? context.getRoot().getStore(NAMESPACE) : context.getStore(NAMESPACE);
        Object key = shared ? sharingKey : perClassKey;
        try {
            topology = store.getOrComputeIfAbsent(key, k -> factory.get(), type);
        } catch (RuntimeException e) {
            // JUnit may wrap what the factory threw; a missing feature skips, anything else fails.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof FeatureUnavailableException unavailable) {
                    Assumptions.abort(unavailable.getMessage());
                }
            }
            throw e;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (topology == null) {
            throw new ExtensionConfigurationException("RedisExtension must be registered on a static field");
        }
        if (flushBeforeEach) {
            topology.flushAll();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get();
    }

    @Override
    public String toString() {
        return "RedisExtension[" + type.getSimpleName() + (shared ? ", shared" : "") + "]";
    }
}
