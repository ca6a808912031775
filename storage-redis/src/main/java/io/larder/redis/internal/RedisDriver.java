package io.larder.redis.internal;

import io.larder.StorageException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The handful of Redis operations the adapter needs, implemented once per driver. Each method
 * that takes a list sends it as one pipeline: one write, one round trip. A reply that is a
 * server error comes back as a {@link RedisError} in its slot (the caller knows which key it
 * concerns); connection loss, timeouts and refused authentication are thrown, already
 * translated to Larder's exceptions. Thread-safe.
 */
public interface RedisDriver extends AutoCloseable {

    /** Loads a Lua script into the server's cache ({@code SCRIPT LOAD}) and returns its SHA-1. */
    String scriptLoad(String source);

    /**
     * Runs each call with {@code EVALSHA}; every script of the adapter returns an array, so each
     * reply is a {@code List<Object>} of {@code Long}, {@code byte[]} and nested lists, or a
     * {@link RedisError} (for example {@code NOSCRIPT}).
     */
    List<Object> evalsha(List<ScriptCall> calls);

    /**
     * As {@link #evalsha(List)}, followed in the same pipeline by {@code wait}'s commands
     * ({@code WAIT}, {@code WAITAOF}); the last element is their {@link Confirmation} (on a cluster
     * the weakest of the masters written to, naming it).
     */
    List<Object> evalsha(List<ScriptCall> calls, ReplicaWait wait);

    /**
     * {@code wait}'s commands alone, on the master (every master of a cluster): what the server
     * confirms of the writes made so far, or the error it gives (a server without {@code WAITAOF}).
     */
    Confirmation confirm(ReplicaWait wait);

    /**
     * For each fetch, {@code GET} (or {@code GETEX PXAT} when it refreshes expiry) of the value:
     * one command per record, as a raw client would send. Each reply is the value
     * ({@code byte[]}), {@code null} or a {@link RedisError}.
     */
    List<Object> fetch(List<Fetch> fetches);

    /**
     * {@code SET} of each value ({@code PXAT} when it expires): each reply is {@code "OK"} or a
     * {@link RedisError}. When {@code wait} (nullable) is given its commands follow in the same
     * pipeline and their {@link Confirmation} is the last element.
     */
    List<Object> set(List<Put> puts, @Nullable ReplicaWait wait);

    /**
     * Whether {@link #transact} runs on this driver: it needs a connection to itself for the length
     * of a pipeline, which a driver sharing one connection between threads cannot give.
     */
    default boolean transactions() {
        return false;
    }

    /**
     * Sends each transaction as {@code MULTI}, its commands, {@code EXEC}, all in one pipeline. Each
     * reply is the {@code EXEC}'s list (a {@link RedisError} in the slot of a command that failed:
     * the others ran, as Redis runs them) or a {@link RedisError} when the server refused the
     * transaction; {@code wait} as in {@link #set}.
     *
     * @throws UnsupportedOperationException when {@link #transactions()} is false
     */
    default List<Object> transact(List<Transaction> transactions, @Nullable ReplicaWait wait) {
        throw new UnsupportedOperationException(description() + " runs no MULTI/EXEC transactions");
    }

    /** {@code DEL} of each key: a {@code Long} (1 when it existed) or a {@link RedisError}; {@code wait} as in {@link #set}. */
    List<Object> del(List<byte[]> keys, @Nullable ReplicaWait wait);

    /** One {@code SCAN} step over keys matching {@code pattern} (a glob). */
    ScanPage scan(String cursor, byte[] pattern, int count);

    /** {@code ZCARD} of each key: a {@code Long} or a {@link RedisError}. */
    List<Object> zcard(List<byte[]> keys);

    /**
     * {@code ZRANGE key start stop BYSCORE [REV] LIMIT 0 count WITHSCORES}: the first {@code count}
     * entries of a sorted set between two score bounds, in one round trip. Bounds are written as
     * Redis takes them ({@code 1700000000000}, {@code (1700000000000} for exclusive, {@code -inf},
     * {@code +inf}); with {@code reverse} the entries come highest first and {@code start} is the
     * higher bound. Returns member, score, member, score, ... ({@code byte[]} each, the score as
     * decimal text).
     *
     * @throws StorageException translated; a key of another type is a
     *     {@link io.larder.CorruptRecordException} naming the key
     */
    List<byte[]> zrangeByScore(byte[] key, String start, String stop, boolean reverse, int count);

    /**
     * {@code MGET} of keys in one hash slot, in one round trip: each key's value, or {@code null}
     * where the key is absent or holds another type than a string.
     */
    List<byte[]> mget(List<byte[]> keys);

    /**
     * {@code MGET} of each group of keys (each group in one hash slot), all in one round trip (one
     * pipeline per node on a cluster). Each reply is the group's values ({@code List<byte[]>},
     * {@code null} where a key is absent or holds another type than a string) or a {@link RedisError}.
     */
    List<Object> mgets(List<List<byte[]>> groups);

    /**
     * {@code HMGET} of each group: its first element a hash's key, the rest fields of it, all in one
     * round trip and in order (one pipeline per node on a cluster), always on the master, never on
     * a replica. Each reply is the fields' values ({@code List<byte[]>}, {@code null} where a field
     * or the key is absent) or a {@link RedisError}.
     */
    List<Object> hmgets(List<List<byte[]>> groups);

    /**
     * {@code EXISTS} of each group of keys (each group in one hash slot), all in one round trip (one
     * pipeline per node on a cluster). Each reply is how many of the group's keys exist, of any type
     * ({@code Long}), or a {@link RedisError}.
     */
    List<Object> exists(List<List<byte[]>> groups);

    /** {@code PUBLISH} of {@code message} on {@code channel}; on a cluster it reaches the subscribers of every node. */
    void publish(byte[] channel, byte[] message);

    /**
     * A subscriber connection of its own, opened now, that hands each message to {@code messages}
     * as (channel, message), on a thread of the driver's: the handler must not block.
     *
     * @throws io.larder.StorageUnavailableException when the server cannot be reached
     */
    Subscriber subscriber(BiConsumer<byte[], byte[]> messages);

    /** {@code INFO} (the default sections) as field to value; section headers are dropped. */
    Map<String, String> info();

    /** The round trip of one {@code PING}. */
    Duration ping();

    /** {@code CONFIG GET parameter}, or empty when the server refuses it (an ACL user without {@code CONFIG}). */
    Optional<String> configGet(String parameter);

    /** The master the sentinels name now, or empty when this is not a Sentinel connection. */
    Optional<String> sentinelMaster();

    /** The exception for an error reply the caller got in a pipeline slot; {@code key} (nullable) is the key it concerns. */
    StorageException error(RedisError error, @Nullable String key);

    /** Which driver talks to which server, for health and errors; never holds a secret. */
    String description();

    /** Closes connections and pools. */
    @Override
    void close();
}
