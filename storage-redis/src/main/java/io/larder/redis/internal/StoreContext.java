package io.larder.redis.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * What every store of one backend shares: the driver, the Lua script sets loaded on its server
 * (each once per backend, however many stores use it), the replica acknowledgement policy of its
 * writes, and the server's health. Made by the backend; handed to each store it opens.
 * Thread-safe.
 */
public final class StoreContext {
    private final RedisDriver driver;
    private final ReplicaAcks acks;
    private final boolean retryOnTimeout;
    private final Map<Class<?>, ScriptSet<?>> scripts = new HashMap<>();

    /**
     * A context over {@code driver}. It loads the layout-version script now, so a server that
     * refuses scripting is found when the backend is made, not when a store first writes.
     *
     * @param acks how writes wait for replicas
     * @param retryOnTimeout whether idempotent work that timed out is sent once more
     */
    public StoreContext(RedisDriver driver, ReplicaAcks acks, boolean retryOnTimeout) {
        this.driver = driver;
        this.acks = acks;
        this.retryOnTimeout = retryOnTimeout;
        scripts(LayoutVersion.Script.class);
    }

    /** The driver every store of the backend talks through. */
    public RedisDriver driver() {
        return driver;
    }

    /** How writes wait for a replica. */
    public ReplicaAcks acks() {
        return acks;
    }

    /** Whether idempotent work that timed out is sent once more. */
    public boolean retryOnTimeout() {
        return retryOnTimeout;
    }

    /**
     * The script set {@code kind}, loaded into the server the first time a store of this backend
     * asks for it and shared from then on: a monthly archive opens one store a month and loads
     * nothing again.
     */
    public synchronized <S extends Enum<S> & LuaScript> ScriptSet<S> scripts(Class<S> kind) {
        @SuppressWarnings("unchecked") // the map holds under each enum class the set of that class
        ScriptSet<S> set = (ScriptSet<S>) scripts.get(kind);
        if (set == null) {
            set = new ScriptSet<>(driver, kind);
            scripts.put(kind, set);
        }
        return set;
    }

    /** The server's health, degraded while no replica confirms writes. */
    public ServerHealth.Report probe() {
        ServerHealth.Report report = ServerHealth.probe(driver);
        return acks.problem().map(report::degraded).orElse(report);
    }
}
