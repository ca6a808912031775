package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.StorageException;
import io.larder.StoreSpec;
import io.larder.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The cache over a real embedded database (H2 through JDBC), on the memory adapter: the README's example and its promises. */
class CachedStoreOverJdbcTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final PlanDao dao = new PlanDao("jdbc-test-" + DATABASES.incrementAndGet());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Larder larder = Larder.builder().backend(MemoryBackend.create()).meterRegistry(registry)
            .sweepEvery(Duration.ZERO).build();
    private final CachedStore<Plan> plans = CachedStore.over(larder.store(StoreSpec.builder("plans", Plan.class)
                    .layout(Layout.VALUES).expiry(Expiry.absolute(Duration.ofMinutes(30))).build()), dao::find)
            .version(Plan::version).writer(dao::save).meterRegistry(registry).build();

    @AfterEach
    void close() {
        larder.close();
    }

    @Test
    void aRowIsQueriedOnceAndThenServedFromTheCache() throws SQLException {
        dao.save(new Plan("1001", 1, "12-week strength"));
        for (int i = 0; i < 5; i++) {
            assertThat(plans.get(Key.of("1001"))).contains(new Plan("1001", 1, "12-week strength"));
        }
        assertThat(dao.queries()).isEqualTo(1);
        assertThat(registry.get("larder.cache.gets").tag("result", "hit").counter().count()).isEqualTo(4);
    }

    @Test
    void aMissingRowIsQueriedOncePerNegativeTtl() {
        assertThat(plans.get(Key.of("404"))).isEmpty();
        assertThat(plans.get(Key.of("404"))).isEmpty();
        assertThat(dao.queries()).isEqualTo(1);
    }

    @Test
    void aPutWritesTheRowAndTheCacheAndAStaleWriteIsRefusedByTheDatabase() {
        Plan v1 = new Plan("1001", 1, "12-week strength");
        plans.put(v1);
        plans.put(v1.renamed("16-week strength"));
        assertThatThrownBy(() -> plans.put(v1.renamed("written from an old copy")))
                .isInstanceOf(StorageException.class).hasRootCauseInstanceOf(SQLException.class)
                .hasMessageContaining("not at version 1");
        assertThat(plans.get(Key.of("1001"))).contains(v1.renamed("16-week strength"));
        assertThat(dao.queries()).isZero();
    }

    @Test
    void aRowDeletedInTheDatabaseIsGoneOnceInvalidated() throws SQLException {
        dao.save(new Plan("1001", 1, "12-week strength"));
        plans.get(Key.of("1001"));
        dao.delete("1001");
        plans.invalidate(Key.of("1001"));
        assertThat(plans.get(Key.of("1001"))).isEmpty();
    }

    /** Repeated: a reader that misses just as another's load of the key ends is the narrow window this guards. */
    @RepeatedTest(10)
    void manyReadersOfManyKeysQueryTheDatabaseOncePerKey() throws Exception {
        for (int i = 0; i < 100; i++) {
            dao.save(new Plan("p" + i, 1, "plan " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int offset = t * 7;
                readers.add(pool.submit(() -> {
                    int found = 0;
                    for (int i = 0; i < 300; i++) {
                        found += plans.get(Key.of("p" + (offset + i) % 100)).isPresent() ? 1 : 0;
                    }
                    return found;
                }));
            }
            for (Future<Integer> r : readers) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(dao.queries()).isEqualTo(100);
    }
}
