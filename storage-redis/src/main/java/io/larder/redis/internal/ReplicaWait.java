package io.larder.redis.internal;

import io.larder.Durability;
import org.jspecify.annotations.Nullable;

/**
 * The commands that end a write pipeline, on the same connection, so their replies say how far
 * the pipeline's writes got: {@code WAIT replicas timeout} when replicas must confirm them, then
 * {@code WAITAOF 1 0 timeout} when the master's own append-only file must hold them.
 *
 * @param replicas how many replicas must acknowledge the writes (0: no {@code WAIT})
 * @param aof whether the master's append-only file must hold them ({@code WAITAOF}, Redis 7.2+)
 * @param timeoutMillis how long the server waits for each
 */
public record ReplicaWait(int replicas, boolean aof, long timeoutMillis) {

    /** The wait {@code policy} asks for, or null when it asks for none (standalone's default). */
    public static @Nullable ReplicaWait of(Durability policy) {
        boolean aof = policy.disk() == Durability.Disk.ALWAYS;
        if (policy.replicas() == 0 && !aof) {
            return null;
        }
        return new ReplicaWait(policy.replicas(), aof, Math.max(1, policy.timeout().toMillis()));
    }

    /** How many commands it appends: its replies are the pipeline's last ones. */
    public int commands() {
        return (replicas > 0 ? 1 : 0) + (aof ? 1 : 0);
    }
}
