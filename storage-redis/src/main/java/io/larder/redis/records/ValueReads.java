package io.larder.redis.records;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.Key;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.spi.StoredRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record values read by key: one {@code MGET} per partition for a batch that leaves the expiry
 * alone, else one {@code GET} (or {@code GETEX} when the read moves the expiry) per record, and
 * the records their replies hold. Loads and the store's scan read this way. Immutable.
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

    /**
     * {@code records} read with one {@code MGET} per partition (a partition is one hash slot), all in
     * one round trip. {@code MGET} answers nil both for an absent key and for a key of another type;
     * so the partitions where it found empty keys are asked {@code EXISTS} of those keys, all in one
     * more round trip, and only where some exist are they read again with {@code GET}, which tells
     * the two apart: a foreign value is reported, never taken for a missing record. A batch of absent
     * keys (the check before an insert) then costs one command per partition, not one per key.
     */
    List<StoredRecord> byPartition(List<Key> records) {
        Map<String, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            positions.computeIfAbsent(records.get(i).partition(), p -> new ArrayList<>()).add(i);
        }
        List<List<byte[]>> groups = new ArrayList<>(positions.size());
        for (List<Integer> group : positions.values()) {
            List<byte[]> valueKeys = new ArrayList<>(group.size());
            group.forEach(i -> valueKeys.add(bytes(keys.valueKey(records.get(i)))));
            groups.add(valueKeys);
        }
        List<Object> replies = driver.mgets(groups);
        Object[] values = new Object[records.size()];
        List<Empty> empty = new ArrayList<>();
        int g = 0;
        for (List<Integer> group : positions.values()) {
            List<byte[]> valueKeys = groups.get(g);
            Object reply = replies.get(g++);
            if (reply instanceof RedisError e) {
                throw driver.error(e, keys.valueKey(records.get(group.get(0))));
            }
            List<?> found = (List<?>) reply;
            Empty nil = null;
            for (int j = 0; j < group.size(); j++) {
                values[group.get(j)] = found.get(j);
                if (found.get(j) == null) {
                    if (nil == null) {
                        nil = new Empty(new ArrayList<>(), new ArrayList<>());
                        empty.add(nil);
                    }
                    nil.positions().add(group.get(j));
                    nil.valueKeys().add(valueKeys.get(j));
                }
            }
        }
        List<Integer> again = existing(records, empty);
        if (!again.isEmpty()) {
            List<Key> keysAgain = new ArrayList<>(again.size());
            again.forEach(i -> keysAgain.add(records.get(i)));
            List<Object> checked = driver.fetch(of(keysAgain, 0));
            for (int j = 0; j < again.size(); j++) {
                values[again.get(j)] = checked.get(j);
            }
        }
        return found(records, Arrays.asList(values));
    }

    /** The keys one partition's {@code MGET} found empty: their positions in the batch and their value keys. */
    private record Empty(List<Integer> positions, List<byte[]> valueKeys) {
    }

    /** The positions of the keys in {@code empty} whose partition's {@code EXISTS} finds some of them. */
    private List<Integer> existing(List<Key> records, List<Empty> empty) {
        if (empty.isEmpty()) {
            return List.of();
        }
        List<List<byte[]>> groups = new ArrayList<>(empty.size());
        empty.forEach(nil -> groups.add(nil.valueKeys()));
        List<Object> counts = driver.exists(groups);
        List<Integer> out = new ArrayList<>();
        for (int g = 0; g < empty.size(); g++) {
            Object count = counts.get(g);
            if (count instanceof RedisError e) {
                throw driver.error(e, keys.valueKey(records.get(empty.get(g).positions().get(0))));
            }
            if ((Long) count > 0) {
                // a foreign type, or a value written since the MGET: read them one by one
                out.addAll(empty.get(g).positions());
            }
        }
        return out;
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
