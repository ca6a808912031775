package io.larder.redis;

import static io.larder.redis.KeyLayout.bytes;

import io.larder.Key;
import io.larder.redis.Scripts.Script;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.spi.Position;
import io.larder.spi.RangeRequest;
import io.larder.spi.StoredRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers range requests with {@code range.lua}: the index slice and the values in one round
 * trip, O(log n + limit), ties on time broken by id exactly as the index orders them. Entries
 * whose record is gone are removed by the script; when a page crosses so many of them that the
 * script's examine budget runs out, the next call continues after the last examined entry, so
 * no single call blocks the server for long and a short page still means the range ended.
 * Thread-safe.
 */
final class RangeReader {
    /** Entries one script call examines beyond the page it fills: bounds the work per call when many are stale. */
    private static final int EXTRA_BUDGET = 1000;

    private final KeyLayout keys;
    private final Scripts scripts;
    private final RedisDriver driver;

    RangeReader(KeyLayout keys, Scripts scripts, RedisDriver driver) {
        this.keys = keys;
        this.scripts = scripts;
        this.driver = driver;
    }

    List<StoredRecord> range(RangeRequest request) {
        String partition = request.partition();
        String index = request.term() == null ? keys.timeline(partition) : keys.termIndex(partition, request.term());
        byte[] prefix = bytes(keys.valuePrefix(partition));
        List<StoredRecord> out = new ArrayList<>(Math.min(request.limit(), 1024));
        Position after = request.after();
        while (true) {
            int want = request.limit() - out.size();
            List<byte[]> args = List.of(prefix, bound(request.fromMillis()), bound(request.toMillis()),
                    bytes(request.descending() ? "1" : "0"),
                    after == null ? new byte[0] : bytes(Long.toString(after.time())),
                    after == null ? new byte[0] : bytes(after.id()),
                    bytes(Integer.toString(want)), bytes(Integer.toString(want + EXTRA_BUDGET)));
            Object reply = scripts.run(List.of(scripts.call(Script.RANGE, List.of(bytes(index)), args))).get(0);
            if (reply instanceof RedisError e) {
                throw driver.error(e, index);
            }
            List<?> r = (List<?>) reply;
            long state = Replies.number(r, 0);
            if (state == 2) {
                throw driver.error(new RedisError(Replies.text(r, 2)), Replies.text(r, 1));
            }
            for (int i = 3; i + 2 < r.size(); i += 3) {
                String id = Replies.text(r, i);
                Key key = partition == null ? Key.of(id) : Key.of(partition, id);
                out.add(new StoredRecord(key, Replies.number(r, i + 1), Replies.bytes(r, i + 2), keys.valueKey(key)));
            }
            if (state == 0 || out.size() >= request.limit()) {
                return out;
            }
            after = new Position(Replies.number(r, 1), Replies.text(r, 2));
        }
    }

    /** A range bound as the script takes it: the unbounded ends of a query become infinities. */
    private static byte[] bound(long millis) {
        if (millis == Long.MIN_VALUE) {
            return bytes("-inf");
        }
        if (millis == Long.MAX_VALUE) {
            return bytes("+inf");
        }
        return bytes(Long.toString(millis));
    }
}
