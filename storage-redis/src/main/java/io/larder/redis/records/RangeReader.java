package io.larder.redis.records;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.Key;
import io.larder.StorageException;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.Replies;
import io.larder.redis.internal.ScriptCall;
import io.larder.redis.internal.ScriptSet;
import io.larder.spi.Position;
import io.larder.spi.RangeRequest;
import io.larder.spi.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Answers range requests as a raw client would: a slice of the index by score
 * ({@code ZRANGE … BYSCORE [REV] LIMIT 0 n WITHSCORES}), then the slice's values in one
 * {@code MGET}, so a page of live records costs two round trips and no script. Index order is
 * (score, member bytes): a slice after a cursor starts at the cursor's time, and the ties at or
 * before the cursor's id are skipped here. Entries whose value is gone (expired, deleted,
 * trimmed) are skipped, the page is refilled from the next slice (larger the more stale entries
 * it met), and the gone entries are removed before returning, each only while its value is still
 * gone (read repair). A cursor inside a run of equal times longer than a slice is the one case
 * left to {@code range.lua}, which finds a place among ties by rank in O(log n). Thread-safe.
 */
final class RangeReader {
    /** The most index entries one slice reads: bounds the server's work per command. */
    private static final int MAX_SLICE = 1000;
    /** Entries a slice after a cursor reads beyond the page: the cursor's own entry and earlier ones of its time. */
    private static final int CURSOR_TIES = 8;
    /** Entries one script call examines beyond the page it fills: bounds the work per call when many are stale. */
    private static final int EXTRA_BUDGET = 1000;
    /** Gone entries one repair call removes. */
    private static final int REPAIR_CHUNK = 1000;
    /** A version no value has: the repair script then removes an entry only while its value is gone. */
    private static final byte[] NO_VERSION = new byte[0];

    private final KeyLayout keys;
    private final ScriptSet<RecordScript> scripts;
    private final RedisDriver driver;

    RangeReader(KeyLayout keys, ScriptSet<RecordScript> scripts, RedisDriver driver) {
        this.keys = keys;
        this.scripts = scripts;
        this.driver = driver;
    }

    List<StoredRecord> range(RangeRequest request) {
        String partition = request.partition();
        String index = request.term() == null ? keys.timeline(partition) : keys.termIndex(partition, request.term());
        byte[] indexKey = bytes(index);
        String prefix = keys.valuePrefix(partition);
        byte[] prefixBytes = bytes(prefix);
        int limit = request.limit();
        List<StoredRecord> out = new ArrayList<>(Math.min(limit, 1024));
        List<String> gone = new ArrayList<>();
        Position at = request.after();
        // a slice after a position first reads the entries of its time up to it again, which are skipped
        int behind = at == null ? 0 : CURSOR_TIES;
        while (true) {
            int ask = Math.min(MAX_SLICE, limit - out.size() + gone.size() + behind);
            // the scores are the records' index times, which cursors need; formatting them is most of the slice's server time
            List<byte[]> slice = driver.zrangeByScore(indexKey, start(request, at), stop(request), request.descending(), ask);
            int entries = slice.size() / 2;
            long[] times = new long[entries];
            for (int i = 0; i < entries; i++) {
                times[i] = score(slice.get(2 * i + 1));
            }
            int next = firstAfter(slice, times, at, request.descending());
            if (next == entries && entries == ask) {
                // the whole slice is ties at or before the position, and more may follow
                out.addAll(scripted(request, index, prefixBytes, at, limit - out.size()));
                break;
            }
            // the values of as many entries as the page still needs; of more once some turned out gone
            while (next < entries && out.size() < limit) {
                int n = Math.min(entries - next, limit - out.size() + gone.size());
                List<byte[]> valueKeys = new ArrayList<>(n);
                for (int i = next; i < next + n; i++) {
                    valueKeys.add(concat(prefixBytes, slice.get(2 * i)));
                }
                List<byte[]> values = driver.mget(valueKeys);
                for (int i = next; i < next + n && out.size() < limit; i++) {
                    String id = new String(slice.get(2 * i), StandardCharsets.UTF_8);
                    byte[] value = values.get(i - next);
                    if (value == null) {
                        gone.add(id);
                    } else {
                        Key key = partition == null ? Key.of(id) : Key.of(partition, id);
                        out.add(new StoredRecord(key, times[i], value, prefix + id));
                    }
                }
                next += n;
            }
            if (out.size() >= limit || entries < ask) {
                break;
            }
            int last = entries - 1;
            at = new Position(times[last], new String(slice.get(2 * last), StandardCharsets.UTF_8));
            behind = 0;
            for (int i = last; i >= 0 && times[i] == times[last]; i--) {
                behind++;
            }
        }
        repair(index, prefix, gone);
        return out;
    }

    /** Where a slice starts: at the position's time (its ties are skipped once read), else at the range's edge. */
    private static String start(RangeRequest r, @Nullable Position at) {
        if (r.descending()) {
            if (at != null && at.time() < r.toMillis()) {
                return Long.toString(at.time());
            }
            return r.toMillis() == Long.MAX_VALUE ? "+inf" : "(" + r.toMillis();
        }
        if (at != null && at.time() >= r.fromMillis()) {
            return Long.toString(at.time());
        }
        return r.fromMillis() == Long.MIN_VALUE ? "-inf" : Long.toString(r.fromMillis());
    }

    /** Where a slice ends: the range's other edge (its end is exclusive). */
    private static String stop(RangeRequest r) {
        if (r.descending()) {
            return r.fromMillis() == Long.MIN_VALUE ? "-inf" : Long.toString(r.fromMillis());
        }
        return r.toMillis() == Long.MAX_VALUE ? "+inf" : "(" + r.toMillis();
    }

    /** The first entry of the slice strictly after {@code at} in the slice's order; 0 without a position. */
    private static int firstAfter(List<byte[]> slice, long[] times, @Nullable Position at, boolean descending) {
        if (at == null) {
            return 0;
        }
        byte[] id = bytes(at.id());
        int i = 0;
        while (i < times.length) {
            int c = times[i] != at.time() ? Long.compare(times[i], at.time()) : Arrays.compareUnsigned(slice.get(2 * i), id);
            if (descending ? c < 0 : c > 0) {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * A page from {@code range.lua}, which finds a position among equal times by rank. Entries
     * whose record is gone are removed by the script; when its examine budget runs out, the next
     * call continues after the last examined entry.
     */
    private List<StoredRecord> scripted(RangeRequest request, String index, byte[] prefix, @Nullable Position after, int limit) {
        String partition = request.partition();
        List<StoredRecord> out = new ArrayList<>(Math.min(limit, 1024));
        while (true) {
            int want = limit - out.size();
            List<byte[]> args = List.of(prefix, bound(request.fromMillis()), bound(request.toMillis()),
                    bytes(request.descending() ? "1" : "0"),
                    after == null ? new byte[0] : bytes(Long.toString(after.time())),
                    after == null ? new byte[0] : bytes(after.id()),
                    bytes(Integer.toString(want)), bytes(Integer.toString(want + EXTRA_BUDGET)));
            Object reply = scripts.run(List.of(scripts.call(RecordScript.RANGE, List.of(bytes(index)), args))).get(0);
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
            if (state == 0 || out.size() >= limit) {
                return out;
            }
            after = new Position(Replies.number(r, 1), Replies.text(r, 2));
        }
    }

    /**
     * Removes the entries whose values were gone, each only while its value is still gone: a save
     * that brought a record back since the slice was read keeps its entry.
     */
    private void repair(String index, String prefix, List<String> gone) {
        if (gone.isEmpty()) {
            return;
        }
        List<ScriptCall> calls = new ArrayList<>();
        for (int from = 0; from < gone.size(); from += REPAIR_CHUNK) {
            List<String> ids = gone.subList(from, Math.min(gone.size(), from + REPAIR_CHUNK));
            List<byte[]> args = new ArrayList<>(1 + 2 * ids.size());
            args.add(bytes(prefix));
            for (String id : ids) {
                args.add(bytes(id));
                args.add(NO_VERSION);
            }
            calls.add(scripts.call(RecordScript.UNINDEX, List.of(bytes(index)), args));
        }
        for (Object reply : scripts.run(calls)) {
            if (reply instanceof RedisError e) {
                throw e.isWrongType() ? foreignValue(prefix, gone, e) : driver.error(e, index);
            }
        }
    }

    /**
     * The error for a value key that holds another type than a string: {@code MGET} reads such a
     * key as absent, the repair script stumbles on it, and one {@code GET} each names the key.
     */
    private StorageException foreignValue(String prefix, List<String> ids, RedisError error) {
        List<Fetch> gets = new ArrayList<>(ids.size());
        for (String id : ids) {
            gets.add(new Fetch(bytes(prefix + id), 0));
        }
        List<Object> replies = driver.fetch(gets);
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof RedisError e) {
                return driver.error(e, prefix + ids.get(i));
            }
        }
        return driver.error(error, null);
    }

    /** A score as Redis writes it: the decimal digits of an integer, or else any double. */
    private static long score(byte[] text) {
        boolean negative = text.length > 1 && text[0] == '-';
        long n = 0;
        for (int i = negative ? 1 : 0; i < text.length; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9 || i > 18) {
                return (long) Double.parseDouble(new String(text, StandardCharsets.US_ASCII));
            }
            n = n * 10 + digit;
        }
        return negative ? -n : n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
