package io.larder.cluster;

import io.larder.StorageException;
import io.larder.redis.internal.ErrorReplies;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.Subscriber;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One driver's connections to the nodes of a cluster, and its view of which master serves each
 * slot. Nodes are named {@code host:port}. Every method that talks to a node throws Larder's
 * exceptions, already translated by the driver's own translator and naming the node. Thread-safe.
 */
interface NodeLink extends AutoCloseable {
    /** How many hash slots a cluster has. */
    int SLOTS = 16384;

    /** The hash slot of {@code key} (its hash tag honoured), computed by the driver's own CRC16. */
    int slot(byte[] key);

    /** The master serving {@code slot} in the current view, or null when no master does. */
    @Nullable String masterFor(int slot);

    /** A replica of the master serving {@code slot} that is not known to fail, or null when there is none. */
    @Nullable String replicaFor(int slot);

    /** The masters serving slots in the current view, sorted. */
    List<String> masters();

    /** The replicas in the current view, sorted. */
    List<String> replicas();

    /**
     * Asks for the topology to be read again from the cluster, in the background (at most once per
     * short interval, however often it is called); returns at once.
     */
    void refresh();

    /** Reads the topology again and waits for it, at most the command timeout: for health, which reports the cluster as it is now. */
    void refreshNow();

    /**
     * Sends {@code ops} to {@code node} as one pipeline (one write, one round trip). The future
     * holds one reply per op, a server error as a {@code RedisError} in its place; it fails with a
     * translated {@link StorageException} when the node cannot be reached or does not answer in time.
     */
    CompletableFuture<List<Object>> send(String node, List<Op> ops);

    /** One {@code SCAN} step on {@code node}. */
    ScanPage scan(String node, String cursor, byte[] pattern, int count);

    /** The text reply of {@code INFO [section]} or {@code CLUSTER INFO} (section {@code "cluster-info"}) of {@code node}. */
    String info(String node, @Nullable String section);

    /** {@code SCRIPT LOAD} on {@code node}; returns the SHA-1. */
    String scriptLoad(String node, String source);

    /** {@code CONFIG GET parameter} on {@code node}, or empty when refused. */
    Optional<String> configGet(String node, String parameter);

    /** The round trip of a {@code PING} to {@code node}. */
    Duration ping(String node);

    /**
     * A subscriber connection to one node, handing each message to {@code messages}: a cluster
     * broadcasts every {@code PUBLISH} to all its nodes, so one node hears everything. After a
     * loss it connects again, to that node or another.
     */
    Subscriber subscriber(BiConsumer<byte[], byte[]> messages);

    /** The command timeout. */
    Duration timeout();

    /** Error replies to exceptions, scrubbed of secrets; they name the seeds, or the node a reply says it came from. */
    ErrorReplies replies();

    /** Which driver talks to which seeds; never a secret. */
    String description();

    @Override
    void close();
}
