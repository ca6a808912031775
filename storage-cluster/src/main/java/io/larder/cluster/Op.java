package io.larder.cluster;

import io.larder.redis.internal.ReplicaWait;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One command of a node pipeline, in a form both drivers encode: what it is (which also says
 * the shape of its reply), the key that routes it, and its arguments.
 *
 * @param kind the command
 * @param key the key whose hash slot routes it (a script's first key), or empty for a command
 *     without keys ({@code WAIT}, {@code ASKING}, {@code READONLY}), which is never routed
 * @param args its arguments after the command name
 */
record Op(Kind kind, byte[] key, List<byte[]> args) {

    /** The commands the adapter pipelines, with the shape of each reply; each is named as Redis names it. */
    enum Kind {
        /** reply: nested list of Long, byte[] and lists. */
        EVALSHA,
        /** reply: byte[] or null. */
        GET,
        /** reply: byte[] or null. */
        GETEX,
        /** reply: Long. */
        ZCARD,
        /** reply: status. */
        SET,
        /** reply: status. */
        MSET,
        /** reply: Long. */
        DEL,
        /** reply: list of byte[] (member, score, ...); used as ZRANGE ... BYSCORE ... WITHSCORES. */
        ZRANGE,
        /** reply: list of byte[] or null. */
        MGET,
        /** reply: Long. */
        EXISTS,
        /** reply: list of byte[] or null. */
        HMGET,
        /** reply: Long. */
        WAIT,
        /** reply: list of two Longs (local, replicas); Redis 7.2. */
        WAITAOF,
        /** reply: Long; never routed (a cluster broadcasts it). */
        PUBLISH,
        /** reply: status. */
        ASKING,
        /** reply: status; lets a replica connection serve reads. */
        READONLY
    }

    private static final byte[] NO_KEY = new byte[0];
    static final Op ASKING = new Op(Kind.ASKING, NO_KEY, List.of());
    static final Op READONLY = new Op(Kind.READONLY, NO_KEY, List.of());

    static Op evalsha(String sha, List<byte[]> keys, List<byte[]> args) {
        List<byte[]> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(ascii(sha));
        all.add(ascii(Integer.toString(keys.size())));
        all.addAll(keys);
        all.addAll(args);
        return new Op(Kind.EVALSHA, keys.get(0), all);
    }

    static Op get(byte[] key, long expireAtMillis) {
        return expireAtMillis > 0
                ? new Op(Kind.GETEX, key, List.of(key, ascii("PXAT"), ascii(Long.toString(expireAtMillis))))
                : new Op(Kind.GET, key, List.of(key));
    }

    static Op set(byte[] key, byte[] value, long expireAtMillis) {
        return expireAtMillis > 0
                ? new Op(Kind.SET, key, List.of(key, value, ascii("PXAT"), ascii(Long.toString(expireAtMillis))))
                : new Op(Kind.SET, key, List.of(key, value));
    }

    /** An MSET of keys that share one slot: key, value, key, value, ... */
    static Op mset(byte[][] keysAndValues) {
        return new Op(Kind.MSET, keysAndValues[0], List.of(keysAndValues));
    }

    static Op del(byte[] key) {
        return new Op(Kind.DEL, key, List.of(key));
    }

    static Op zcard(byte[] key) {
        return new Op(Kind.ZCARD, key, List.of(key));
    }

    static Op zrangeByScore(byte[] key, String start, String stop, boolean reverse, int count) {
        List<byte[]> args = new ArrayList<>(9);
        args.add(key);
        args.add(ascii(start));
        args.add(ascii(stop));
        args.add(ascii("BYSCORE"));
        if (reverse) {
            args.add(ascii("REV"));
        }
        args.add(ascii("LIMIT"));
        args.add(ascii("0"));
        args.add(ascii(Integer.toString(count)));
        args.add(ascii("WITHSCORES"));
        return new Op(Kind.ZRANGE, key, args);
    }

    /** An MGET of keys that share one slot (one partition's hash tag). */
    static Op mget(List<byte[]> keys) {
        return new Op(Kind.MGET, keys.get(0), List.copyOf(keys));
    }

    /** An EXISTS of keys that share one slot: how many of them hold a value of any type. */
    static Op exists(List<byte[]> keys) {
        return new Op(Kind.EXISTS, keys.get(0), List.copyOf(keys));
    }

    /** An HMGET: the hash's key, then its fields. */
    static Op hmget(List<byte[]> keyAndFields) {
        return new Op(Kind.HMGET, keyAndFields.get(0), List.copyOf(keyAndFields));
    }

    static Op publish(byte[] channel, byte[] message) {
        return new Op(Kind.PUBLISH, NO_KEY, List.of(channel, message));
    }

        /** The commands that end a write pipeline as {@code wait} asks: {@code WAIT}, then {@code WAITAOF}. */
    static List<Op> await(ReplicaWait wait) {
        List<Op> out = new ArrayList<>(2);
        if (wait.replicas() > 0) {
            out.add(new Op(Kind.WAIT, NO_KEY, List.of(ascii(Integer.toString(wait.replicas())),
                    ascii(Long.toString(wait.timeoutMillis())))));
        }
        if (wait.aof()) {
            out.add(new Op(Kind.WAITAOF, NO_KEY, List.of(ascii("1"), ascii("0"), ascii(Long.toString(wait.timeoutMillis())))));
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
