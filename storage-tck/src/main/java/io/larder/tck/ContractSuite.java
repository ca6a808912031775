package io.larder.tck;

import io.larder.Larder;
import io.larder.Storage;
import io.larder.spi.Backend;
import io.larder.testkit.Note;
import io.larder.testkit.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The fixture the contract suites share: a fresh Larder per test on the adapter under test, its
 * clock and meter registry, and unique store names. The suites ({@link StorageContract},
 * {@link ArchiveContract}) add the behaviours.
 */
public abstract class ContractSuite implements ContractFixture {
    private static final AtomicInteger STORES = new AtomicInteger();
    private Larder larder;
    private TestClock clock;
    private SimpleMeterRegistry registry;
    private PlantedBytes codecs;
    private String testName;

    /** A new backend of the adapter under test; the contract closes it after each test. */
    protected abstract Backend createBackend();

    /**
     * Whether the adapter keeps time with the Larder's clock, so expiry can be tested on a virtual
     * clock; a server that keeps its own time (Redis) answers false and the contract sleeps.
     */
    protected boolean followsLarderClock() {
        return false;
    }

    @BeforeEach
    void openLarder(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("t");
        clock = TestClock.of(followsLarderClock());
        registry = new SimpleMeterRegistry();
        codecs = new PlantedBytes();
        larder = Larder.builder().backend(createBackend()).clock(clock).meterRegistry(registry).codecs(codecs)
                .sweepEvery(Duration.ZERO).build();
    }

    @AfterEach
    void closeLarder() {
        larder.close();
    }

    @Override
    public Larder larder() {
        return larder;
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    @Override
    public SimpleMeterRegistry registry() {
        return registry;
    }

    @Override
    public void plant(Storage<Note> store, Note note, byte[] bytes) {
        codecs.storing(bytes, () -> store.save(note));
    }

    @Override
    public Duration tick() {
        return followsLarderClock() ? Duration.ofMinutes(1) : Duration.ofMillis(600);
    }

    @Override
    public String freshName() {
        String base = testName.length() > 40 ? testName.substring(0, 40) : testName;
        return base + "-" + ProcessHandle.current().pid() + "-" + STORES.incrementAndGet();
    }
}
