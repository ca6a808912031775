package io.larder.redis.internal;

import io.larder.Durability;
import io.larder.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * What a backend's writes tell its health about durability: how many replicas its policies need
 * (the backend's own and every opened store's), how many writes were acknowledged without the
 * confirmation their policy asks for ({@code best-effort}), and why the last one was. Thread-safe.
 */
public final class DurabilityWatch {
    private final Durability policy;
    private final AtomicInteger replicasNeeded;
    private final LongAdder unconfirmed = new LongAdder();
    private volatile @Nullable String shortfall;

    /** A watch for a backend whose own policy (complete) is {@code policy}. */
    public DurabilityWatch(Durability policy) {
        this.policy = policy;
        this.replicasNeeded = new AtomicInteger(policy.replicas());
    }

    /** The backend's own policy. */
    Durability policy() {
        return policy;
    }

    /** Notes that a store writes under {@code store}'s policy. */
    void opened(Durability store) {
        replicasNeeded.accumulateAndGet(store.replicas(), Math::max);
    }

    /** The most replicas any policy of the backend needs to confirm a write. */
    public int replicasNeeded() {
        return replicasNeeded.get();
    }

    /** A write was confirmed: a best-effort shortfall is over. */
    void confirmed() {
        if (shortfall != null) {
            shortfall = null;
        }
    }

    /** A write was acknowledged without its confirmation; {@code why} (nullable: the wait was skipped) says what was missing. */
    void acknowledgedUnconfirmed(@Nullable String why) {
        unconfirmed.increment();
        if (why != null) {
            shortfall = why;
        }
    }

    /**
     * {@code health} with the durability facts: the backend's policy, writes acknowledged
     * unconfirmed, and degraded while the last of them was, or while a master has fewer replicas
     * ({@code connected}, -1 when unknown; its name is {@code master}) than a policy needs.
     */
    public Health judge(Health health, long connected, @Nullable String master) {
        if (!health.isUsable()) {
            return health;
        }
        Map<String, String> d = new LinkedHashMap<>(health.details());
        d.put("durability", policy.toString());
        long count = unconfirmed.sum();
        if (count > 0) {
            d.put("acknowledged_unconfirmed", Long.toString(count));
        }
        Health out = new Health(health.status(), health.latency(), d);
        out = tooFewReplicas(out, replicasNeeded(), connected, master);
        String why = shortfall;
        return why == null ? out : out.degraded("writes are acknowledged without the confirmation their policy asks for"
                + " (unconfirmed: best-effort), and may be lost in a failover: " + why);
    }

    /** {@code health} degraded when {@code master} has fewer replicas ({@code connected}; -1 unknown) than {@code needed}. */
    public static Health tooFewReplicas(Health health, int needed, long connected, @Nullable String master) {
        if (connected < 0 || connected >= needed) {
            return health;
        }
        return health.degraded(master + " has " + connected + " replica" + (connected == 1 ? "" : "s") + " connected"
                + " (connected_slaves:" + connected + "), but writes need " + needed + " to confirm them: under"
                + " unconfirmed: fail each write fails, under best-effort it is acknowledged unconfirmed");
    }
}
