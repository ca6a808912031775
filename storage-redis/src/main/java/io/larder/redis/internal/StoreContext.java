package io.larder.redis.internal;

import io.larder.ConfigurationException;
import io.larder.Durability;
import io.larder.spi.StoreLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every store of one backend shares: the driver, the Lua script sets loaded on its server
 * (each once per backend, however many stores use it), the durability of its writes (per policy:
 * stores of one backend may ask for different ones) and the server's health. Made by the
 * backend; handed to each store it opens. Thread-safe.
 */
public final class StoreContext {
    private final RedisDriver driver;
    private final DurabilityWatch watch;
    private final boolean retryOnTimeout;
    /** Under an enum's class its script set; under a run-time script's class and text, that script's. */
    private final Map<Object, ScriptSet<?>> scripts = new HashMap<>();
    private final Map<Durability, DurableWrites> writes = new HashMap<>();
    /** Why the server cannot confirm writes on disk ({@code WAITAOF}), once asked: "" when it can. */
    private @Nullable String diskRefusal;

    /**
     * A context over {@code driver}. It loads the layout-version script now, so a server that
     * refuses scripting is found when the backend is made, not when a store first writes.
     *
     * @param watch the backend's durability facts, for health
     * @param retryOnTimeout whether idempotent work that timed out is sent once more
     */
    public StoreContext(RedisDriver driver, DurabilityWatch watch, boolean retryOnTimeout) {
        this.driver = driver;
        this.watch = watch;
        this.retryOnTimeout = retryOnTimeout;
        scripts(LayoutVersion.Script.class);
    }

    /** The driver every store of the backend talks through. */
    public RedisDriver driver() {
        return driver;
    }

    /**
     * The writes of a store opened as {@code layout}: under its durability policy, shared by every
     * store with the same policy.
     *
     * @throws ConfigurationException when the policy asks for {@code disk: always} and the server
     *     cannot confirm a write on disk: it has no {@code WAITAOF} (before Redis 7.2) or no
     *     append-only file. Acknowledging such writes as if on disk would be the lie the policy is there to prevent.
     */
    public DurableWrites writes(StoreLayout layout) {
        return writes(layout.durability(), "store '" + layout.name() + "'");
    }

    /**
     * Writes under the backend's own policy, for what is no store's (a limiter's counters, say).
     *
     * @throws ConfigurationException as {@link #writes(StoreLayout)}
     */
    public DurableWrites writes() {
        return writes(watch.policy(), "the backend's durability");
    }

    private synchronized DurableWrites writes(Durability policy, String who) {
        if (policy.disk() == Durability.Disk.ALWAYS) {
            String refusal = diskRefusal();
            if (!refusal.isEmpty()) {
                throw new ConfigurationException(who + " asks for durability disk: always, which waits"
                        + " for the master's append-only file with WAITAOF (Redis 7.2 and later, appendonly yes); Redis at "
                        + driver.description() + " cannot: " + refusal + ". Use disk: none (the server's own appendfsync"
                        + " still applies), or such a server");
            }
        }
        watch.opened(policy);
        return writes.computeIfAbsent(policy, p -> new DurableWrites(p, watch, driver.description()));
    }

    /** Asks the server once whether it confirms writes on disk: "" when it does, else why not. */
    private String diskRefusal() {
        if (diskRefusal == null) {
            Confirmation probe = driver.confirm(new ReplicaWait(0, true, 1));
            diskRefusal = probe.error() != null ? probe.error().message()
                    : probe.onDisk() ? "" : "WAITAOF 1 0 did not confirm an empty write";
        }
        return diskRefusal;
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
            set = new ScriptSet<>(driver, List.of(kind.getEnumConstants()));
            scripts.put(kind, set);
        }
        return set;
    }

    /**
     * A script made at run time (a rate limiter's, from its limits), as a set of one: loaded the
     * first time it is asked for and shared with every later request for the same text, so two
     * limiters with the same limits load one script. It is reloaded on {@code NOSCRIPT} like the others.
     */
    public synchronized <S extends LuaScript> ScriptSet<S> script(S script) {
        List<Object> key = List.of(script.getClass(), script.source());
        @SuppressWarnings("unchecked") // the map holds under a script's class and text the set of that script
        ScriptSet<S> set = (ScriptSet<S>) scripts.get(key);
        if (set == null) {
            set = new ScriptSet<>(driver, List.of(script));
            scripts.put(key, set);
        }
        return set;
    }

    /**
     * The server's health with the durability facts: degraded while writes are acknowledged
     * unconfirmed (best-effort), or while the master has fewer replicas than a policy needs.
     */
    public ServerHealth.Report probe() {
        ServerHealth.Report report = ServerHealth.probe(driver);
        return new ServerHealth.Report(watch.judge(report.health(), report.connectedReplicas(), "the master"),
                report.persistsNothing(), report.evictingPolicy(), report.connectedReplicas());
    }
}
