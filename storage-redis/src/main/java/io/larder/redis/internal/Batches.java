package io.larder.redis.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits work into the windows a store sends as one pipeline each. Stateless. */
public final class Batches {
    private Batches() {
    }

    /** {@code all} in consecutive views of at most {@code size} elements (the last may hold fewer). */
    public static <T> List<List<T>> split(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>((all.size() + size - 1) / Math.max(1, size));
        for (int from = 0; from < all.size(); from += size) {
            out.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return out;
    }
}
