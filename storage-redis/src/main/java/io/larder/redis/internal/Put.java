package io.larder.redis.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One {@code SET} of a value, with {@code PXAT} when it expires.
 *
 * @param key the value key
 * @param value the stored bytes
 * @param expireAtMillis when the value expires, epoch ms, or 0 for never
 */
public record Put(byte[] key, byte[] value, long expireAtMillis) {

    /** Whether one {@code MSET} can write {@code puts}: there is one at least, and none expires. */
    public static boolean fitOneMset(List<Put> puts) {
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

    /** {@code puts} as {@code MSET}'s arguments: key, value, key, value, ... */
    public static byte[][] keysAndValues(List<Put> puts) {
        byte[][] args = new byte[puts.size() * 2][];
        for (int i = 0; i < puts.size(); i++) {
            args[2 * i] = puts.get(i).key();
            args[2 * i + 1] = puts.get(i).value();
        }
        return args;
    }

    /**
     * The replies of one {@code MSET} of {@code count} puts (its reply first, then any others) as
     * the replies of {@code count} {@code SET}s: the {@code MSET}'s reply once per put, then the rest.
     */
    public static List<Object> spread(List<Object> replies, int count) {
        List<Object> out = new ArrayList<>(count + replies.size() - 1);
        out.addAll(Collections.nCopies(count, replies.get(0)));
        out.addAll(replies.subList(1, replies.size()));
        return out;
    }
}
