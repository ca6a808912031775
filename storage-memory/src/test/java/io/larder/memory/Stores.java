package io.larder.memory;

import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Retention;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Layouts and writes for tests that drive a store through the SPI, below the core. */
final class Stores {
    private Stores() {
    }

    static StoreLayout partitioned(String name, Retention retention) {
        return new StoreLayout(name, "larder:", true, List.of("sender"), Expiry.none(), retention, Layout.RECORDS, 100, 1000,
                Durability.none());
    }

    static StoreLayout partitioned(String name) {
        return partitioned(name, Retention.keepAll());
    }

    static MemoryStore open(MemoryBackend backend, String name, TestClock clock) {
        return (MemoryStore) backend.open(partitioned(name), clock);
    }

    /** A write whose value is its sender's name, so a test can tell which write a read saw. */
    static RecordWrite write(String group, String id, long time, String sender, long expireAt) {
        return new RecordWrite(Key.of(group, id), sender.getBytes(StandardCharsets.UTF_8), time,
                List.of(new Query.Term("sender", sender)), expireAt, null);
    }

    static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
