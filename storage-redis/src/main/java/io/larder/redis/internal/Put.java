package io.larder.redis.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code SET} of a value, with {@code PXAT} when it expires.
 *
 * @param key the value key
 * @param value the stored bytes
 * @param expireAtMillis when the value expires, epoch ms, or 0 for never
 */
public record Put(byte[] key, byte[] value, long expireAtMillis) {
    /**
     * The bytes of keys and values one {@code MSET} carries at most (a single value above it goes
     * alone): Redis holds a command whole before it runs it, and closes a connection whose unread
     * command passes {@code client-query-buffer-limit} (1 GB by default), which a batch of large
     * values sent as one {@code MSET} could.
     */
    public static final int MSET_BYTES = 1 << 20;

    /** Whether {@code MSET}s can write {@code puts}: there is one at least, and none expires. */
    public static boolean fitMset(List<Put> puts) {
        if (puts.isEmpty()) {
            return false;
        }
        for (Put put : puts) {
            if (put.expireAtMillis() > 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code puts} in order, as the arguments (key, value, key, value, ...) of {@code MSET}s of at most {@link #MSET_BYTES} each. */
    public static List<byte[][]> msets(List<Put> puts) {
        List<byte[][]> out = new ArrayList<>(1);
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < puts.size(); i++) {
            long size = puts.get(i).key().length + (long) puts.get(i).value().length;
            if (i > from && bytes + size > MSET_BYTES) {
                out.add(args(puts.subList(from, i)));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        out.add(args(puts.subList(from, puts.size())));
        return out;
    }

    private static byte[][] args(List<Put> puts) {
        byte[][] args = new byte[puts.size() * 2][];
        for (int i = 0; i < puts.size(); i++) {
            args[2 * i] = puts.get(i).key();
            args[2 * i + 1] = puts.get(i).value();
        }
        return args;
    }

    /**
     * The replies of {@code msets} (as {@link #msets} made them; their replies first, in order,
     * then any others) as the replies of one {@code SET} per put: each put gets its
     * {@code MSET}'s reply, and the others follow.
     */
    public static List<Object> spread(List<Object> replies, List<byte[][]> msets) {
        List<Object> out = new ArrayList<>(replies.size() + msets.size() * 8);
        for (int i = 0; i < msets.size(); i++) {
            for (int k = 0; k < msets.get(i).length / 2; k++) {
                out.add(replies.get(i));
            }
        }
        out.addAll(replies.subList(msets.size(), replies.size()));
        return out;
    }
}
