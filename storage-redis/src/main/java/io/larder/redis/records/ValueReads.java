package io.larder.redis.records;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.Key;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.spi.StoredRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Record values read by key: one {@code GET} (or {@code GETEX} when the read moves the expiry)
 * per record, and the records their replies hold. Loads and the store's scan read this way.
 * Immutable.
 */
final class ValueReads {
    private final KeyLayout keys;
    private final RedisDriver driver;

    ValueReads(KeyLayout keys, RedisDriver driver) {
        this.keys = keys;
        this.driver = driver;
    }

    /** The reads of {@code records}' values; each also moves its expiry to {@code refreshExpireAtMillis} when positive. */
    List<Fetch> of(List<Key> records, long refreshExpireAtMillis) {
        List<Fetch> fetches = new ArrayList<>(records.size());
        for (Key k : records) {
            fetches.add(new Fetch(bytes(keys.valueKey(k)), refreshExpireAtMillis));
        }
        return fetches;
    }

    /** Records from the replies of {@link RedisDriver#fetch} for {@code records}, skipping absent ones. */
    List<StoredRecord> found(List<Key> records, List<Object> replies) {
        List<StoredRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Key k = records.get(i);
            String location = keys.valueKey(k);
            Object value = replies.get(i);
            if (value instanceof RedisError e) {
                throw driver.error(e, location);
            }
            if (value != null) {
                // the core needs a record's time only from ranges, which read it from the index
                out.add(new StoredRecord(k, 0, (byte[]) value, location));
            }
        }
        return out;
    }
}
