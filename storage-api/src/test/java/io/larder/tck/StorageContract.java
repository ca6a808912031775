package io.larder.tck;

import io.larder.Larder;
import io.larder.spi.Backend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The contract every adapter passes: one abstract suite that specifies each behaviour of the port
 * once. An adapter's test extends it and says how to make its backend; the behaviours live in
 * the contract interfaces this class mixes in, one file per concern.
 */
public abstract class StorageContract implements CrudContract, BatchContract, CodecContract, ExpiryContract,
        ListingContract, CursorContract, ScanContract, ConcurrencyContract, LifecycleContract {
    private static final AtomicInteger STORES = new AtomicInteger();
    private Larder larder;
    private TestClock clock;
    private SimpleMeterRegistry registry;
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
        clock = new TestClock(followsLarderClock());
        registry = new SimpleMeterRegistry();
        larder = Larder.builder().backend(createBackend()).clock(clock).meterRegistry(registry)
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
    public Duration tick() {
        return followsLarderClock() ? Duration.ofMinutes(1) : Duration.ofMillis(400);
    }

    @Override
    public String freshName() {
        String base = testName.length() > 40 ? testName.substring(0, 40) : testName;
        return base + "-" + ProcessHandle.current().pid() + "-" + STORES.incrementAndGet();
    }
}
