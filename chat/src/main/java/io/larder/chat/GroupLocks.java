package io.larder.chat;

import java.util.BitSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write locks of one archive in this process, one per stripe of groups: a write holds the
 * stripes of the groups it touches, so writes of different groups run at the same time while a
 * message and a recall of one group never interleave (a recall then never misses a message written
 * beside it). Stripes are taken in ascending order, so two writes never wait on each other in a
 * circle. {@link #stripe} is also how {@link OneBotIngest} gives each group to one of its writers:
 * two writers whose groups are apart never contend. Thread-safe.
 */
final class GroupLocks {
    /** How many stripes: enough that the groups of a few writers rarely share one. */
    static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    GroupLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The stripe of {@code groupId}, in {@code [0, STRIPES)}. */
    static int stripe(String groupId) {
        int h = groupId.hashCode();
        return Math.floorMod(h ^ (h >>> 16), STRIPES);
    }

    /** The locks held by one write, until {@link #release}. */
    final class Held {
        private final BitSet stripes;

        private Held(BitSet stripes) {
            this.stripes = stripes;
            for (int i = stripes.nextSetBit(0); i >= 0; i = stripes.nextSetBit(i + 1)) {
                locks[i].lock();
            }
        }

        /** Lets the stripes go, in the reverse order. */
        void release() {
            for (int i = stripes.previousSetBit(STRIPES - 1); i >= 0; i = stripes.previousSetBit(i - 1)) {
                locks[i].unlock();
            }
        }
    }

    /** Waits for and holds the stripes of {@code groupIds}. */
    Held lock(Iterable<String> groupIds) {
        BitSet stripes = new BitSet(STRIPES);
        groupIds.forEach(g -> stripes.set(stripe(g)));
        return new Held(stripes);
    }

    /** Waits for and holds every stripe: no write of this archive runs until it is released (tests hold writes back with it). */
    Held lockAll() {
        BitSet all = new BitSet(STRIPES);
        all.set(0, STRIPES);
        return new Held(all);
    }
}
