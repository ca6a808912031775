package io.larder.redis.records;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.Key;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.KeyText;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.ScanPage;
import io.larder.spi.StoredRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every record of a store, lazily: SCAN over the store's value keys, then one pipelined fetch
 * of each page's values. Memory stays at one page. Like SCAN, it sees every record that exists
 * for the whole walk, and may see a record twice if the keyspace is resized meanwhile.
 * Not thread-safe (one walk per stream).
 */
final class StoreScanner extends Spliterators.AbstractSpliterator<StoredRecord> {
    private final KeyLayout keys;
    private final RedisDriver driver;
    private final ValueReads values;
    private final int pageSize;
    private final ArrayDeque<StoredRecord> buffer = new ArrayDeque<>();
    private String cursor = "0";
    private boolean done;

    private StoreScanner(KeyLayout keys, RedisDriver driver, ValueReads values, int pageSize) {
        super(Long.MAX_VALUE, Spliterator.NONNULL);
        this.keys = keys;
        this.driver = driver;
        this.values = values;
        this.pageSize = pageSize;
    }

    static Stream<StoredRecord> stream(KeyLayout keys, RedisDriver driver, ValueReads values, int pageSize) {
        return StreamSupport.stream(new StoreScanner(keys, driver, values, pageSize), false);
    }

    @Override
    public boolean tryAdvance(Consumer<? super StoredRecord> action) {
        while (buffer.isEmpty()) {
            if (done) {
                return false;
            }
            nextPage();
        }
        action.accept(buffer.poll());
        return true;
    }

    private void nextPage() {
        ScanPage page = driver.scan(cursor, bytes(keys.valuePattern()), pageSize);
        cursor = page.cursor();
        done = page.isLast();
        List<Key> found = new ArrayList<>(page.keys().size());
        List<Fetch> fetches = new ArrayList<>(page.keys().size());
        for (byte[] raw : page.keys()) {
            KeyLayout.Parsed p = keys.parse(KeyText.text(raw));
            if (p == null || p.kind() != 'r') {
                continue;
            }
            Key key = p.partition() == null ? Key.of(p.rest()) : Key.of(p.partition(), p.rest());
            found.add(key);
            fetches.add(new Fetch(raw, 0));
        }
        if (!fetches.isEmpty()) {
            // a value that expired between SCAN and the fetch is simply skipped
            buffer.addAll(values.found(found, driver.fetch(fetches)));
        }
    }
}
