package io.larder.redis.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * The buffers reads decompress chunks into, one set per thread and kind of read, handed out
 * again by the thread's next read of that kind: a read keeps its {@link Hit}s only until it has
 * copied out what it keeps. A thread keeps at most {@value #MAX_RETAINED} bytes of them; a read
 * that needs more gets buffers it does not keep. Confined to its thread.
 */
final class Payloads {
    private static final int MAX_RETAINED = 2 << 20;
    private static final ThreadLocal<Payloads> PAGES = ThreadLocal.withInitial(Payloads::new);
    private static final ThreadLocal<Payloads> SCRATCH = ThreadLocal.withInitial(Payloads::new);
    private final List<byte[]> buffers = new ArrayList<>();
    private int used;
    private long retained;

    private Payloads() {
    }

    /** This thread's buffers for a page of a range read; the hits of its previous page are invalid from now. */
    static Payloads forPage() {
        return PAGES.get().reset();
    }

    /** This thread's buffers for a read that copies out every record at once. */
    static Payloads scratch() {
        return SCRATCH.get().reset();
    }

    private Payloads reset() {
        used = 0;
        return this;
    }

    /** A buffer of at least {@code length} bytes that no hit of this read points into. */
    byte[] take(int length) {
        byte[] free = used < buffers.size() ? buffers.get(used) : null;
        if (free != null && free.length >= length) {
            used++;
            return free;
        }
        int size = Math.max(length, 1 << 16);
        long after = retained - (free == null ? 0 : free.length) + size;
        if (after > MAX_RETAINED) {
            return new byte[length];
        }
        byte[] b = new byte[size];
        if (free == null) {
            buffers.add(b);
        } else {
            buffers.set(used, b);
        }
        retained = after;
        used++;
        return b;
    }
}
