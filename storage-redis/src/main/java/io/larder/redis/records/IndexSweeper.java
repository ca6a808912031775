package io.larder.redis.records;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.redis.internal.KeyText;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.Replies;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.ScriptSet;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Removes index entries whose record is gone (expired, deleted, trimmed), a bounded amount of
 * work per {@link #sweep()}: it examines at most {@value #BUDGET} entries and takes at most
 * {@value #MAX_SCANS} SCAN steps, and keeps its place (SCAN cursor, index key, rank) between
 * calls, so calling it often walks every index of the store in turn. Each slice is checked and
 * cleaned by one script, atomically, so a record written meanwhile keeps its entry. Redis
 * deletes a sorted set when its last entry goes, so swept indexes cost no memory.
 * Thread-safe (calls are serialized).
 */
final class IndexSweeper {
    static final int BUDGET = 1000;
    static final int MAX_SCANS = 10;
    private static final int SLICE = 250;
    private static final int SCAN_COUNT = 500;

    private final KeyLayout keys;
    private final ScriptSet<RecordScript> scripts;
    private final RedisDriver driver;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private String cursor = "0";
    private @Nullable String current;
    private long offset;

    IndexSweeper(KeyLayout keys, ScriptSet<RecordScript> scripts, RedisDriver driver) {
        this.keys = keys;
        this.scripts = scripts;
        this.driver = driver;
    }

    /** One bounded step of the walk; returns the entries removed. */
    synchronized int sweep() {
        int examined = 0;
        int removed = 0;
        int scans = 0;
        while (examined < BUDGET) {
            if (current == null) {
                if (pending.isEmpty()) {
                    if (scans == MAX_SCANS) {
                        break;
                    }
                    scans++;
                    ScanPage page = driver.scan(cursor, bytes(keys.indexPattern()), SCAN_COUNT);
                    for (byte[] key : page.keys()) {
                        KeyLayout.Parsed p = keys.parse(KeyText.text(key));
                        if (p != null && p.kind() != 'r') {
                            pending.add(KeyText.text(key));
                        }
                    }
                    cursor = page.cursor();
                    if (page.isLast() && pending.isEmpty()) {
                        break; // a full pass is done: the next call starts the next one
                    }
                    continue;
                }
                current = pending.poll();
                offset = 0;
            }
            int slice = Math.min(SLICE, BUDGET - examined);
            KeyLayout.Parsed p = Objects.requireNonNull(keys.parse(current), "only keys that parse are pending");
            Object reply = scripts.run(List.of(scripts.call(RecordScript.SWEEP, List.of(bytes(current)),
                    List.of(bytes(p.tagged() + "r:"), bytes(Long.toString(offset)), bytes(Integer.toString(slice)))))).get(0);
            if (reply instanceof RedisError e) {
                String key = current;
                current = null; // a foreign key under our pattern must not stall the sweep forever
                throw driver.error(e, key);
            }
            List<?> r = (List<?>) reply;
            int seen = (int) Replies.number(r, 0);
            int gone = (int) Replies.number(r, 1);
            examined += seen;
            removed += gone;
            offset += seen - gone;
            if (seen < slice) {
                current = null;
            }
        }
        return removed;
    }
}
