package io.larder.redis.internal;

import java.util.List;

/**
 * One step of {@code SCAN}.
 *
 * @param cursor where the next step starts; {@code "0"} when the walk is complete
 * @param keys the keys of this step (may repeat keys of earlier steps, as SCAN may)
 */
public record ScanPage(String cursor, List<byte[]> keys) {
    /** Copies the keys. */
    public ScanPage {
        keys = List.copyOf(keys);
    }

    /** Whether the walk is complete. */
    public boolean isLast() {
        return "0".equals(cursor);
    }
}
