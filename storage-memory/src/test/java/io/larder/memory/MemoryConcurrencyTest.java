package io.larder.memory;

import static io.larder.memory.Stores.text;
import static io.larder.memory.Stores.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.ConflictException;
import io.larder.Key;
import io.larder.Query;
import io.larder.Version;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoredRecord;
import io.larder.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many threads on one record: it ends in one consistent state, and readers never see a mismatch. */
class MemoryConcurrencyTest {
    private static final int WRITERS = 8;
    private static final int SENDERS = 6;
    private final TestClock clock = TestClock.virtual();
    private final MemoryBackend backend = MemoryBackend.create();
    private final MemoryStore store = Stores.open(backend, "s", clock);
    private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 2);

    @AfterEach
    void close() {
        threads.shutdownNow();
        backend.close();
    }

    @Test
    void writersOnOneKeyLeaveIndexesThatAgreeWithTheValue() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger mismatches = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            work.add(threads.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 5000; i++) {
                    store.write(List.of(write("g", "one", random.nextLong(100), "u" + random.nextInt(SENDERS), 0)));
                }
                return null;
            }));
        }
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(threads.submit(() -> {
                while (writing.get()) {
                    String sender = "u" + ThreadLocalRandom.current().nextInt(SENDERS);
                    for (StoredRecord hit : store.range(new RangeRequest("g", new Query.Term("sender", sender), 0, 100, false, null, 10))) {
                        if (!text(hit.value()).equals(sender)) {
                            mismatches.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        writing.set(false);
        for (Future<?> f : readers) {
            f.get();
        }

        StoredRecord last = store.read(List.of(Key.of("g", "one")), 0).get(0);
        assertThat(mismatches).as("a range on a sender returned another sender's value").hasValue(0);
        assertThat(store.indexEntries()).isEqualTo(2);
        assertThat(store.range(new RangeRequest("g", null, 0, 100, false, null, 10))).extracting(StoredRecord::time)
                .containsExactly(last.time());
        for (int s = 0; s < SENDERS; s++) {
            String sender = "u" + s;
            List<StoredRecord> hits = store.range(new RangeRequest("g", new Query.Term("sender", sender), 0, 100, false, null, 10));
            assertThat(hits).hasSize(sender.equals(text(last.value())) ? 1 : 0);
        }
        assertThat(store.indexCount()).isEqualTo(2);
    }

    @Test
    void conditionalWritesSerialiseOnOneKey() throws Exception {
        Key k = Key.of("g", "counter");
        store.write(List.of(counter(0, null)));
        Callable<Integer> incrementer = () -> {
            int applied = 0;
            for (int i = 0; i < 500; i++) {
                StoredRecord current = store.read(List.of(k), 0).get(0);
                int n = Integer.parseInt(text(current.value()));
                try {
                    store.write(List.of(counter(n + 1, Version.of(current.value()))));
                    applied++;
                } catch (ConflictException e) {
                    // another thread got there first; the loop moves on
                }
            }
            return applied;
        };
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            results.add(threads.submit(incrementer));
        }
        int applied = 0;
        for (Future<Integer> f : results) {
            applied += f.get();
        }
        assertThat(text(store.read(List.of(k), 0).get(0).value())).isEqualTo(Integer.toString(applied));
        assertThat(store.indexEntries()).isEqualTo(1);
    }

    private static RecordWrite counter(int n, Version expected) {
        return new RecordWrite(Key.of("g", "counter"), Integer.toString(n).getBytes(StandardCharsets.UTF_8), 1, List.of(), 0, expected);
    }
}
