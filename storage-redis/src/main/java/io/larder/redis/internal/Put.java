package io.larder.redis.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

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

    /**
     * {@code puts} as {@code MSET}s: grouped by {@code slot} of their keys (a cluster's hash slot; one
     * group on one server), each group in order and split so that no {@code MSET} carries more than
     * {@link #MSET_BYTES}.
     */
    public static Msets msets(List<Put> puts, ToIntFunction<byte[]> slot) {
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < puts.size(); i++) {
            bySlot.computeIfAbsent(slot.applyAsInt(puts.get(i).key()), s -> new ArrayList<>()).add(i);
        }
        List<byte[][]> commands = new ArrayList<>(bySlot.size());
        int[] commandOf = new int[puts.size()];
        for (List<Integer> group : bySlot.values()) {
            int from = 0;
            long bytes = 0;
            for (int k = 0; k < group.size(); k++) {
                Put put = puts.get(group.get(k));
                long size = put.key().length + (long) put.value().length;
                if (k > from && bytes + size > MSET_BYTES) {
                    commands.add(args(puts, group.subList(from, k)));
                    from = k;
                    bytes = 0;
                }
                bytes += size;
                commandOf[group.get(k)] = commands.size();
            }
            commands.add(args(puts, group.subList(from, group.size())));
        }
        return new Msets(commands, commandOf);
    }

    /** The puts at {@code positions} as {@code MSET}'s arguments: key, value, key, value, ... */
    private static byte[][] args(List<Put> puts, List<Integer> positions) {
        byte[][] args = new byte[positions.size() * 2][];
        for (int i = 0; i < positions.size(); i++) {
            Put put = puts.get(positions.get(i));
            args[2 * i] = put.key();
            args[2 * i + 1] = put.value();
        }
        return args;
    }

    /**
     * Puts written as {@code MSET}s.
     *
     * @param commands each {@code MSET}'s arguments
     * @param commandOf for each put, in the order given, the position in {@code commands} of the {@code MSET} that carries it
     */
    public record Msets(List<byte[][]> commands, int[] commandOf) {
        /**
         * The replies of {@link #commands} (first, in order, then any others sent after them) as one
         * reply per put, each its {@code MSET}'s, then the others.
         */
        public List<Object> spread(List<Object> replies) {
            List<Object> out = new ArrayList<>(commandOf.length + replies.size() - commands.size());
            for (int command : commandOf) {
                out.add(replies.get(command));
            }
            out.addAll(replies.subList(commands.size(), replies.size()));
            return out;
        }
    }
}
