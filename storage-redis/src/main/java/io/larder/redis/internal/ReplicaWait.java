package io.larder.redis.internal;

/**
 * A {@code WAIT} appended to a write pipeline, on the same connection, so the reply says how
 * many replicas hold the pipeline's writes.
 *
 * @param replicas how many replicas to wait for
 * @param timeoutMillis how long the server waits for them
 */
public record ReplicaWait(int replicas, long timeoutMillis) {
}
