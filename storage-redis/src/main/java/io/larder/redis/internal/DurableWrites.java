package io.larder.redis.internal;

import io.larder.Durability;
import io.larder.UnconfirmedWriteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store's durability policy applied to its write pipelines: each ends with the
 * {@link ReplicaWait} the policy asks for, on the same connection, and the {@link Confirmation}
 * it gets decides. Redis replicates asynchronously, so a master that fails over (killed, or paused
 * and replaced, then rejoining as a replica) loses what no replica held; the default on Sentinel
 * and Cluster is therefore to acknowledge a write only once a replica holds it.
 *
 * <p>A write not confirmed in time raises {@link UnconfirmedWriteException} under
 * {@code unconfirmed: fail}, naming the master and the key: it reached the master and may or may
 * not survive, and saving it again is safe. Under {@code best-effort} it is acknowledged anyway,
 * logged, counted and shown in health, and for {@value #SKIP_SECONDS} s after such a write this
 * policy's writes skip the wait (and count as unconfirmed too): while no replica answers they go on
 * at full speed instead of each waiting out the timeout, which is what that mode is chosen for.
 * Thread-safe.
 */
public final class DurableWrites {
    private static final Logger LOG = LoggerFactory.getLogger(DurableWrites.class);
    private static final long SKIP_SECONDS = 5;

    private final Durability policy;
    private final @Nullable ReplicaWait wait;
    private final DurabilityWatch watch;
    private final String server;
    private volatile long skipUntil = System.nanoTime();

    /**
     * Writes under {@code policy} (complete); shortfalls are counted into {@code watch}; {@code server}
     * names the master in messages when a confirmation does not.
     */
    DurableWrites(Durability policy, DurabilityWatch watch, String server) {
        this.policy = policy;
        this.wait = ReplicaWait.of(policy);
        this.watch = watch;
        this.server = server;
    }

    /** The policy these writes follow. */
    public Durability policy() {
        return policy;
    }

    /**
     * Sends a write pipeline through {@code pipeline}, which appends the given wait's commands (none
     * when it is null) and returns its replies with a {@link Confirmation} last; checks it, and
     * returns the replies of the writes.
     *
     * @param what which writes, for a message: {@code "key 'larder:notes:{g}:r:1' and 99 more"}
     * @throws UnconfirmedWriteException when the writes were not confirmed as the policy asks and it says {@code fail}
     */
    public List<Object> send(Supplier<String> what, Function<ReplicaWait, List<Object>> pipeline) {
        ReplicaWait w = next();
        List<Object> replies = pipeline.apply(w);
        if (w == null) {
            return replies;
        }
        Confirmation confirmation = (Confirmation) replies.get(replies.size() - 1);
        List<Object> own = new ArrayList<>(replies.subList(0, replies.size() - 1));
        if (confirmation.meets(w)) {
            watch.confirmed();
            return own;
        }
        String node = confirmation.node().isEmpty() ? server : confirmation.node();
        String message = "the write of " + what.get() + " reached Redis master " + node + ", but " + confirmation.shortfall(w);
        if (policy.unconfirmed() == Durability.Unconfirmed.FAIL) {
            throw new UnconfirmedWriteException(node, message + ": it may be lost if that master fails over; saving it again"
                    + " is safe (durability " + policy + ")");
        }
        skipUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(SKIP_SECONDS);
        watch.acknowledgedUnconfirmed(message);
        LOG.warn("{}; acknowledged anyway (durability unconfirmed: best-effort), and such writes skip the wait for {} s",
                message, SKIP_SECONDS);
        return own;
    }

    /** The wait to append now, or null: none asked for, or skipped for a while after a best-effort shortfall. */
    private @Nullable ReplicaWait next() {
        if (wait == null) {
            return null;
        }
        if (policy.unconfirmed() == Durability.Unconfirmed.BEST_EFFORT && System.nanoTime() - skipUntil < 0) {
            watch.acknowledgedUnconfirmed(null);
            return null;
        }
        return wait;
    }

    /** {@code "key 'k'"} or {@code "key 'k' and 99 more"}, for {@link #send}. */
    public static String keys(String first, int count) {
        return "key '" + first + "'" + (count > 1 ? " and " + (count - 1) + " more" : "");
    }
}
